using System.Diagnostics;
using System.Text.Json.Nodes;
using DataForge.Cli;
using DataForge.TestUtils;

namespace DataForge.Notebooks.Tests;

/// <summary>
/// Executes the repository's notebooks headless, the way CI does: the C# kernel of the pinned
/// <c>Microsoft.dotnet-interactive</c> local tool (<c>.config/dotnet-tools.json</c>, <c>dotnet tool restore</c>), its
/// kernel spec installed into temporary <c>JUPYTER_*</c> folders, and <c>jupyter nbconvert --to notebook --execute</c>
/// against the outputs of one real <c>dataforge demo</c> run, shared by every notebook test.
/// </summary>
/// <remarks>
/// The kernel spec launches <c>dotnet interactive</c>. Inside the repository the SDK resolves that to the local tool; the
/// runner also puts the restored tool on PATH (a <c>dotnet-interactive</c> shim), so a kernel started anywhere finds it.
/// </remarks>
public sealed class NotebookRunner : IAsyncLifetime
{
    /// <summary>The dotnet-interactive version pinned in <c>.config/dotnet-tools.json</c>.</summary>
    public const string InteractiveVersion = "1.0.712001";

    private static readonly Lazy<(string? NbConvert, string? Missing)> Prerequisites = new(FindPrerequisites);
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>Gets the folder the demo wrote, which the notebooks read through <c>DATAFORGE_DEMO_DIR</c>.</summary>
    public string DemoDirectory => _root.Combine("demo");

    /// <summary>Gets the folder the executed notebooks are written to.</summary>
    public string ExecutedDirectory => _root.Combine("executed");

    /// <summary>Returns why notebooks cannot run here (naming what to install), or <see langword="null"/> when they can.</summary>
    /// <returns>The reason.</returns>
    public static string? MissingReason() => Prerequisites.Value.Missing;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (MissingReason() is not null)
        {
            return;
        }

        _environment["JUPYTER_DATA_DIR"] = _root.Combine("jupyter", "data");
        _environment["JUPYTER_CONFIG_DIR"] = _root.Combine("jupyter", "config");
        _environment["JUPYTER_RUNTIME_DIR"] = _root.Combine("jupyter", "runtime");
        _environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DATAFORGE_DEMO_DIR"] = DemoDirectory;
        _environment["PATH"] = WriteToolShim() + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var kernels = Path.Combine(_environment["JUPYTER_DATA_DIR"], "kernels");
        Directory.CreateDirectory(kernels);
        var install = await RunAsync("dotnet", ["interactive", "jupyter", "install", "--path", kernels], _root.Path, _environment, TimeSpan.FromMinutes(2));
        Assert.True(install.Code == 0, $"dotnet interactive jupyter install exited {install.Code}:\n{install.Stdout}\n{install.Stderr}");
        Assert.True(File.Exists(Path.Combine(kernels, ".net-csharp", "kernel.json")), $"no .net-csharp kernel spec under {kernels}:\n{install.Stdout}");

        using var output = new StringWriter();
        var code = await CliApplication.RunAsync(["demo", "--work-dir", DemoDirectory], output, output);
        Assert.True(code == 0, $"dataforge demo exited {code}:\n{output}");
    }

    /// <summary>
    /// Executes a notebook of <c>notebooks/</c> with <c>jupyter nbconvert --to notebook --execute</c>; a cell that throws
    /// fails the test with nbconvert's stderr (which carries the cell and its error) in the message.
    /// </summary>
    /// <param name="name">The notebook file name.</param>
    /// <returns>The executed notebook.</returns>
    public Task<JsonObject> ExecuteAsync(string name) => ExecuteFileAsync(RepoPaths.Combine("notebooks", name));

    /// <summary>Executes a notebook file the way <see cref="ExecuteAsync"/> does.</summary>
    /// <param name="notebook">The notebook's path.</param>
    /// <returns>The executed notebook.</returns>
    public async Task<JsonObject> ExecuteFileAsync(string notebook)
    {
        var name = Path.GetFileName(notebook);
        var executed = Path.Combine(ExecutedDirectory, name);
        var run = await NbConvertAsync(notebook, allowErrors: false);
        if (run.Code != 0 || !File.Exists(executed))
        {
            // nbclient's CellExecutionError shows the cell and "Error: compilation error", while the C# kernel writes the
            // compiler's diagnostics as the cell's own output: run again keeping errors to show those too.
            var again = await NbConvertAsync(notebook, allowErrors: true);
            var messages = File.Exists(executed) ? CellMessages(JsonNode.Parse(await File.ReadAllTextAsync(executed))!.AsObject()) : $"(the run with --allow-errors failed too: {Tail(again.Stderr, 2_000)})";
            Assert.Fail($"{name} failed to execute: jupyter nbconvert exited {run.Code}. Its stderr:\n{NbConvertError(run.Stderr)}\n\nThe cells' error and stream outputs:\n{messages}");
        }

        var result = JsonNode.Parse(await File.ReadAllTextAsync(executed))!.AsObject();
        var stderr = Outputs(result).Where(o => o["output_type"]!.GetValue<string>() is "error" || (o["output_type"]!.GetValue<string>() is "stream" && o["name"]?.GetValue<string>() == "stderr")).ToList();
        Assert.True(stderr.Count == 0, $"{name} wrote errors or warnings (compiler diagnostics go to stderr):\n{CellMessages(result)}");
        return result;
    }

    /// <summary>Gets the text of the error and stream outputs (compiler diagnostics, exceptions) of a notebook.</summary>
    /// <param name="notebook">The executed notebook.</param>
    /// <returns>The messages, one block per output.</returns>
    public static string CellMessages(JsonObject notebook) => string.Join(
        "\n",
        Outputs(notebook).Select(o => o["output_type"]!.GetValue<string>() switch
        {
            "stream" => Text(o["text"]),
            "error" => $"{o["ename"]}: {o["evalue"]}\n{Text(o["traceback"])}",
            _ => null,
        }).Where(t => !string.IsNullOrWhiteSpace(t)));

    /// <summary>Lists every output of every cell.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <returns>The outputs, in order.</returns>
    public static IEnumerable<JsonObject> Outputs(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => c!.AsObject()).SelectMany(c => c["outputs"]?.AsArray() ?? []).Select(o => o!.AsObject());

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Puts the restored tool on PATH as <c>dotnet-interactive</c>, which is what <c>dotnet interactive</c> (the kernel
    /// spec's command) runs wherever it starts; inside the repository the SDK would also find the local tool itself.
    /// </summary>
    private string WriteToolShim()
    {
        var locals = Run("dotnet", ["nuget", "locals", "global-packages", "--list"], RepoPaths.Root, TimeSpan.FromMinutes(1));
        var packages = locals.Stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("global-packages:", StringComparison.Ordinal))?["global-packages:".Length..].Trim();
        var tool = packages is null ? null : Path.Combine(packages, "microsoft.dotnet-interactive", InteractiveVersion, "tools");
        var app = tool is not null && Directory.Exists(tool) ? Directory.GetFiles(tool, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        Assert.True(app is not null, $"dotnet tool restore succeeded but Microsoft.DotNet.Interactive.App.dll is not under {tool ?? "the NuGet packages folder"}:\n{locals.Stdout}{locals.Stderr}");
        var bin = _root.Combine("tools");
        Directory.CreateDirectory(bin);
        var shim = Path.Combine(bin, "dotnet-interactive");
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(shim + ".cmd", $"@dotnet \"{app}\" %*\r\n");
        }
        else
        {
            File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet \"{app}\" \"$@\"\n");
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        return bin;
    }

    private static string Text(JsonNode? node) =>
        node is JsonArray lines ? string.Join("", lines.Select(l => l!.GetValue<string>())) : node?.GetValue<string>() ?? "";

    // nbconvert's stderr is the kernel's host log, then Python's traceback ending in the CellExecutionError (the failing
    // cell and its error): keep that last part.
    private static string NbConvertError(string stderr)
    {
        var at = stderr.IndexOf("CellExecutionError:", StringComparison.Ordinal);
        return at >= 0 ? Tail(stderr[at..], 12_000) : Tail(stderr, 12_000);
    }

    private Task<(int Code, string Stdout, string Stderr)> NbConvertAsync(string notebook, bool allowErrors) => RunAsync(
        Prerequisites.Value.NbConvert!,
        ["--to", "notebook", "--execute", .. (allowErrors ? new[] { "--allow-errors" } : []), notebook, "--output-dir", ExecutedDirectory, "--ExecutePreprocessor.timeout=300"],
        Path.GetDirectoryName(notebook)!,
        _environment,
        TimeSpan.FromMinutes(10));

    private static (string? NbConvert, string? Missing) FindPrerequisites()
    {
        const string Jupyter = "Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel and jupyter-client (scripts/install-test-deps.sh installs them as root)";
        var nbconvert = new[] { "/usr/bin/jupyter-nbconvert" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "jupyter-nbconvert")))
            .FirstOrDefault(File.Exists);
        if (nbconvert is null)
        {
            return (null, $"Jupyter is not installed (no jupyter-nbconvert): install {Jupyter}");
        }

        // The script's own interpreter must have the execution stack nbconvert uses.
        var shebang = File.ReadLines(nbconvert).FirstOrDefault() ?? "";
        if (shebang.StartsWith("#!", StringComparison.Ordinal) && shebang.Contains("python", StringComparison.Ordinal))
        {
            var interpreter = shebang[2..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var check = Run(interpreter[0], [.. interpreter[1..], "-c", "import nbconvert, nbclient, jupyter_client"], RepoPaths.Root, TimeSpan.FromMinutes(1));
            if (check.Code != 0)
            {
                return (null, $"{nbconvert} cannot execute notebooks ({Tail(check.Stderr, 300).Trim()}): install {Jupyter}");
            }
        }

        if (!File.Exists(RepoPaths.Combine("src", "Cli", "bin", "Release", "net10.0", "dataforge.dll")))
        {
            return (null, "the notebooks reference the Release build: run 'dotnet build DataForge.sln -c Release' first");
        }

        var restore = Run("dotnet", ["tool", "restore"], RepoPaths.Root, TimeSpan.FromMinutes(5));
        if (restore.Code != 0)
        {
            return (null, $"the C# kernel is not available: 'dotnet tool restore' could not get Microsoft.dotnet-interactive {InteractiveVersion} (pinned in .config/dotnet-tools.json; it needs a NuGet feed that has it): {Tail(restore.Stdout + restore.Stderr, 600).Trim()}");
        }

        return (nbconvert, null);
    }

    // Synchronous on purpose: it runs while xunit discovers the tests (the skip reason), where blocking on async is unsafe.
    private static (int Code, string Stdout, string Stderr) Run(string program, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{program}: {e.Message}");
        }

        using var started = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, $"{stderr.Result}\n(killed after {timeout.TotalMinutes:F0} min)");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(
        string program, string[] arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await stdout, $"{await stderr}\n(killed after {timeout.TotalMinutes:F0} min)");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
