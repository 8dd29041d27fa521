namespace DataForge.Ingest.Download;

/// <summary>Raised inside the connect callback when every address of a host is refused by the SSRF guard.</summary>
internal sealed class BlockedAddressException(string message) : Exception(message);
