using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace DataForge.Ingest.Download;

/// <summary>
/// <see cref="SocketsHttpHandler.ConnectCallback"/> that applies the SSRF guard to the addresses actually
/// connected to: the name is resolved here, refused addresses are never dialled, and the socket's remote address
/// is checked again after connecting. Checking the URL's host name alone would let DNS (or a rebinding attack)
/// point a public-looking name at an internal address.
/// </summary>
internal sealed class GuardedConnector(AddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        string? refusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (policy.Check(address) is { } reason)
            {
                refusal ??= reason;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                if (socket.RemoteEndPoint is IPEndPoint remote && policy.Check(remote.Address) is { } late)
                {
                    throw new BlockedAddressException($"{late} for host {host}");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastError is not null)
        {
            throw lastError;
        }

        throw new BlockedAddressException(refusal is null ? $"host {host} has no address" : $"{refusal} for host {host}");
    }
}
