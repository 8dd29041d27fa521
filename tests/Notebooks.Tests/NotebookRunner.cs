using System.Diagnostics;
using System.Text.Json.Nodes;
using DataForge.Cli;
using DataForge.TestUtils;

namespace DataForge.Notebooks.Tests;

/// <summary>
/// Executes the repository's notebooks headless, the way CI does: the C# kernel from the pinned
/// <c>Microsoft.dotnet-interactive</c> tool (installed once into <c>.tools/</c>, which must be on PATH because the kernel
/// spec launches <c>dotnet interactive</c>), its kernel spec in temporary <c>JUPYTER_*</c> folders, and Debian's
/// <c>jupyter nbconvert --execute</c> against the outputs of a real <c>dataforge demo</c> run.
/// </summary>
public sealed class NotebookRunner : IAsyncLifetime
{
    /// <summary>The dotnet-interactive version the notebooks are executed with.</summary>
    public const string InteractiveVersion = "1.0.712001";

    private const string NbConvert = "/usr/bin/jupyter-nbconvert";
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>Gets the folder the demo wrote, which the notebooks read through <c>DATAFORGE_DEMO_DIR</c>.</summary>
    public string DemoDirectory => _root.Combine("demo");

    /// <summary>Returns why notebooks cannot run here, or <see langword="null"/> when they can.</summary>
    /// <returns>The reason.</returns>
    public static string? MissingReason()
    {
        if (!File.Exists(NbConvert))
        {
            return "Jupyter is not installed: Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel and jupyter-client are needed (scripts/install-test-deps.sh installs them as root)";
        }

        return File.Exists(RepoPaths.Combine("src", "Cli", "bin", "Release", "net10.0", "dataforge.dll"))
            ? null
            : "the notebooks reference the Release build: run 'dotnet build DataForge.sln -c Release' first";
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var tools = RepoPaths.Combine(".tools", $"dotnet-interactive-{InteractiveVersion}");
        if (!File.Exists(Path.Combine(tools, "dotnet-interactive")))
        {
            await RunAsync("dotnet", ["tool", "install", "Microsoft.dotnet-interactive", "--version", InteractiveVersion, "--tool-path", tools], RepoPaths.Root);
        }

        _environment["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        _environment["JUPYTER_DATA_DIR"] = _root.Combine("jupyter", "data");
        _environment["JUPYTER_CONFIG_DIR"] = _root.Combine("jupyter", "config");
        _environment["JUPYTER_RUNTIME_DIR"] = _root.Combine("jupyter", "runtime");
        _environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _environment["DATAFORGE_DEMO_DIR"] = DemoDirectory;
        var kernels = Path.Combine(_environment["JUPYTER_DATA_DIR"], "kernels");
        Directory.CreateDirectory(kernels);
        await RunAsync(Path.Combine(tools, "dotnet-interactive"), ["jupyter", "install", "--path", kernels], RepoPaths.Root);

        using var output = new StringWriter();
        var code = await CliApplication.RunAsync(["demo", "--work-dir", DemoDirectory], output, output);
        Assert.True(code == 0, $"dataforge demo exited {code}:\n{output}");
    }

    /// <summary>Executes a notebook of <c>notebooks/</c>; a cell that throws fails it, with the cells' errors in the message.</summary>
    /// <param name="name">The notebook file name.</param>
    /// <returns>The executed notebook.</returns>
    public async Task<JsonObject> ExecuteAsync(string name)
    {
        var output = _root.Combine("executed");
        var notebook = RepoPaths.Combine("notebooks", name);
        var (code, log) = await TryRunAsync(NbConvert, ["--to", "notebook", "--execute", notebook, "--output-dir", output, "--ExecutePreprocessor.timeout=600"], Path.GetDirectoryName(notebook)!);
        if (code != 0)
        {
            // nbconvert names the failing cell but not the compiler's message; run again keeping errors to show them.
            await TryRunAsync(NbConvert, ["--to", "notebook", "--execute", "--allow-errors", notebook, "--output-dir", output], Path.GetDirectoryName(notebook)!);
            var executed = Path.Combine(output, name);
            var errors = File.Exists(executed) ? string.Join('\n', Outputs(JsonNode.Parse(File.ReadAllText(executed))!.AsObject()).Where(o => o["output_type"]!.GetValue<string>() is "error" or "stream").Select(o => o.ToJsonString())) : "";
            Assert.Fail($"{name} failed to execute (nbconvert exited {code}):\n{errors}\n{log[^Math.Min(log.Length, 3000)..]}");
        }

        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, name)))!.AsObject();
    }

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

    private async Task RunAsync(string program, string[] arguments, string workingDirectory)
    {
        var (code, log) = await TryRunAsync(program, arguments, workingDirectory);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} exited {code}:\n{log}");
    }

    private async Task<(int Code, string Log)> TryRunAsync(string program, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
