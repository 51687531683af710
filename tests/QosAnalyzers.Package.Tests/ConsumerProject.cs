using System.Diagnostics;
using System.Text;

namespace QosAnalyzers.Package.Tests;

/// <summary>A consumer project copied outside the repository, restoring QosAnalyzers from artifacts/packages.</summary>
internal sealed class ConsumerProject : IDisposable
{
    private ConsumerProject(string directory, string projectFile, string packageVersion)
    {
        Directory = directory;
        ProjectFile = projectFile;
        PackageVersion = packageVersion;
    }

    public string Directory { get; }

    public string ProjectFile { get; }

    public string PackageVersion { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PackagesFolder => Path.Combine(RepoRoot, "artifacts", "packages");

    /// <summary>The nupkg the solution build produced.</summary>
    public static string PackagePath
    {
        get
        {
            string[] packages = System.IO.Directory.GetFiles(PackagesFolder, "QosAnalyzers.*.nupkg");
            Assert.True(packages.Length > 0, $"No QosAnalyzers package in {PackagesFolder}; build the solution first.");
            return packages.OrderByDescending(File.GetLastWriteTimeUtc).First();
        }
    }

    public static string PackageVersionOf(string nupkg)
    {
        string name = Path.GetFileNameWithoutExtension(nupkg);
        return name.Substring("QosAnalyzers.".Length);
    }

    /// <summary>
    /// A copy of <c>Consumers/{consumer}</c>, plus the C# files of <paramref name="sourcesFromRepo"/> when given.
    /// <paramref name="projectFile"/> is the project to build, relative to the copy; by default <c>{consumer}.csproj</c>.
    /// </summary>
    public static ConsumerProject Create(string consumer, string? sourcesFromRepo = null, string? projectFile = null)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Consumers", consumer);
        string root = Path.Combine(Path.GetTempPath(), "qosanalyzers-consumers", consumer + "-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(source, root);
        if (sourcesFromRepo is not null)
        {
            foreach (string file in System.IO.Directory.GetFiles(Path.Combine(RepoRoot, sourcesFromRepo), "*.cs"))
            {
                File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
            }
        }

        // Adds the local folder to the machine's sources (no <clear/>: the SDK's usual sources stay).
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="qosanalyzers-local" value="{PackagesFolder}" />
              </packageSources>
            </configuration>
            """);

        // Stops the consumer from inheriting the repository's build settings.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");

        string version = PackageVersionOf(PackagePath);
        return new ConsumerProject(root, Path.Combine(root, projectFile ?? consumer + ".csproj"), version);
    }

    public string ReadSource(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public void WriteFile(string file, string text) => File.WriteAllText(Path.Combine(Directory, file), text);

    /// <summary>Runs dotnet with a private package cache, so a rebuilt package of the same version is never served stale.</summary>
    public ProcessResult Dotnet(params string[] args)
    {
        var all = new List<string>(args) { $"-p:QosAnalyzersVersion={PackageVersion}" };
        if (args.Length > 0 && args[0] == "format")
        {
            all.RemoveAt(all.Count - 1); // dotnet format takes no MSBuild properties; it reads them from the restored project.
        }

        return ProcessResult.Run("dotnet", all, Directory, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Directory, ".nuget-packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        });
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (string file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string dir in System.IO.Directory.GetDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "QosAnalyzers.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("QosAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ProcessResult(int ExitCode, string Output)
{
    public static ProcessResult Run(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (KeyValuePair<string, string> e in environment)
        {
            psi.Environment[e.Key] = e.Value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within 5 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }
}
