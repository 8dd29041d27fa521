using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataForge.TestUtils;

namespace DataForge.Cluster.Tests;

/// <summary>
/// A real single-node Slurm cluster (slurmctld + slurmd, no munge) in a temporary folder, on free ports, stopped by
/// pid when disposed, also when the test failed. The settings are the minimum Debian 12's slurm-wlm 22.05 accepts.
/// </summary>
public sealed class SlurmTestCluster : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly string? _previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");

    /// <summary>Starts the cluster and waits until its node is idle.</summary>
    public SlurmTestCluster()
    {
        ConfPath = _root.Combine("slurm.conf");
        Directory.CreateDirectory(_root.Combine("state"));
        Directory.CreateDirectory(_root.Combine("spool"));
        File.WriteAllText(ConfPath, $"""
            ClusterName=dataforge-test
            SlurmctldHost=localhost
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            AuthType=auth/none
            CredType=cred/none
            StateSaveLocation={_root.Combine("state")}
            SlurmdSpoolDir={_root.Combine("spool")}
            SlurmctldPidFile={_root.Combine("slurmctld.pid")}
            SlurmdPidFile={_root.Combine("slurmd.pid")}
            SlurmctldLogFile={_root.Combine("slurmctld.log")}
            SlurmdLogFile={_root.Combine("slurmd.log")}
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            SchedulerParameters=batch_sched_delay=0
            ReturnToService=2
            MailProg=/bin/true
            NodeName=localhost CPUs={Environment.ProcessorCount} RealMemory=1000
            PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);

        // The Slurm client programs, in this process and in the jobs it submits, find the cluster through SLURM_CONF.
        Environment.SetEnvironmentVariable("SLURM_CONF", ConfPath);
        try
        {
            Run("slurmctld", "-f", ConfPath);
            Run("slurmd", "-f", ConfPath);
            var deadline = Stopwatch.StartNew();
            while (!(File.Exists(_root.Combine("slurmd.pid")) && Run("sinfo", "--noheader", "--format", "%T").Trim() == "idle"))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException("the test Slurm node did not become idle within 60 s:\n" + Logs());
                }

                Thread.Sleep(250);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the cluster's slurm.conf.</summary>
    public string ConfPath { get; }

    /// <summary>Returns why no cluster can be started here, or <see langword="null"/> when one can.</summary>
    /// <returns>The reason.</returns>
    public static string? MissingReason()
    {
        if (!File.Exists("/usr/sbin/slurmctld") || !File.Exists("/usr/sbin/slurmd"))
        {
            return "Slurm is not installed: Debian's slurm-wlm is needed (scripts/install-test-deps.sh installs it when run as root)";
        }

        return Environment.UserName == "root" ? null : "the single-node test Slurm runs slurmd, which must run as root";
    }

    /// <summary>Gets the controller's and the node daemon's logs, for failure messages.</summary>
    /// <returns>The log text.</returns>
    public string Logs() => string.Join('\n', new[] { "slurmctld.log", "slurmd.log" }
        .Select(name => _root.Combine(name)).Where(File.Exists).Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(30))}"));

    /// <summary>Stops both daemons by pid and removes the folder.</summary>
    public void Dispose()
    {
        foreach (var pidFile in new[] { "slurmd.pid", "slurmctld.pid" }.Select(name => _root.Combine(name)).Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                Stop(pid);
            }
        }

        Environment.SetEnvironmentVariable("SLURM_CONF", _previousConf);
        _root.Dispose();
    }

    private static void Stop(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited while we looked.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
        }

        return output.Result;
    }
}
