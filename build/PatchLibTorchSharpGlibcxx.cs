// Compiled by MSBuild's RoslynCodeTaskFactory against netstandard2.0: keep to old APIs.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class PatchLibTorchSharpGlibcxx : Task
{
    private const string NeededVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public string Directory { get; set; }

    [Required]
    public string ShimSource { get; set; }

    [Required]
    public string ShimVersionScript { get; set; }

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return true;
        }

        var libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0)
        {
            return true;
        }

        var hostLibrary = FindHostLibStdCxx();
        if (hostLibrary == null)
        {
            Log.LogMessage(MessageImportance.High, "DataForge: no libstdc++.so.6 found on this host; TorchSharp left unpatched.");
            return true;
        }

        if (Contains(File.ReadAllBytes(hostLibrary), Encoding.ASCII.GetBytes(NeededVersion + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "DataForge: " + hostLibrary + " provides " + NeededVersion + "; TorchSharp needs no patch.");
            return true;
        }

        foreach (var library in libraries)
        {
            string outcome;
            try
            {
                outcome = MarkVersionWeak(library);
            }
            catch (Exception ex)
            {
                Log.LogError("DataForge: could not patch " + library + ": " + ex.Message);
                return false;
            }

            var shim = BuildShim(Path.GetDirectoryName(library));
            Log.LogMessage(MessageImportance.High, "DataForge: " + hostLibrary + " lacks " + NeededVersion + "; " + library + ": " + outcome + "; shim: " + shim);
        }

        return !Log.HasLoggedErrors;
    }

    private static string FindHostLibStdCxx()
    {
        // The library this very process (dotnet) loaded is the one TorchSharp will get at run time.
        try
        {
            foreach (var line in File.ReadAllLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at >= 0 && line.IndexOf("libstdc++.so", StringComparison.Ordinal) >= 0)
                {
                    return line.Substring(at).Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
        }.FirstOrDefault(File.Exists);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    // Sets VER_FLG_WEAK on the Vernaux entry naming GLIBCXX_3.4.32, so ld.so accepts a libstdc++ without it.
    private static string MarkVersionWeak(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF64 file");
        }

        var sectionOffset = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (var s = 0; s < sectionCount; s++)
        {
            var header = sectionOffset + (s * sectionSize);
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (long)BitConverter.ToUInt64(elf, (int)header + 24);
            var link = BitConverter.ToUInt32(elf, (int)header + 40);
            var count = BitConverter.ToUInt32(elf, (int)header + 44);
            var strings = (long)BitConverter.ToUInt64(elf, (int)(sectionOffset + (link * sectionSize) + 24));
            for (var n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)offset + 2);
                var aux = offset + BitConverter.ToUInt32(elf, (int)offset + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    var name = ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == NeededVersion)
                    {
                        if ((flags & VerFlagWeak) != 0)
                        {
                            return "already weak";
                        }

                        var patched = BitConverter.GetBytes((ushort)(flags | VerFlagWeak));
                        elf[aux + 4] = patched[0];
                        elf[aux + 5] = patched[1];
                        // Replace, never write in place: the copy may be a hard link into the NuGet cache.
                        var temporary = path + ".dataforge-tmp";
                        File.WriteAllBytes(temporary, elf);
                        File.Copy(temporary, path, true);
                        File.Delete(temporary);
                        return "marked " + NeededVersion + " weak";
                    }

                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }

                offset += BitConverter.ToUInt32(elf, (int)offset + 12);
            }
        }

        return NeededVersion + " not referenced";
    }

    private static string ReadString(byte[] data, long start)
    {
        var end = start;
        while (data[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }

    private string BuildShim(string directory)
    {
        var output = Path.Combine(directory, "libdataforge_glibcxx_shim.so");
        if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(ShimSource))
        {
            return "up to date";
        }

        try
        {
            var info = new ProcessStartInfo("g++", "-shared -fPIC -O2 -o \"" + output + "\" \"" + ShimSource + "\" -Wl,--version-script=\"" + ShimVersionScript + "\"")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using (var process = Process.Start(info))
            {
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? "built with g++" : "g++ failed (" + errors.Trim() + "); the weak version alone still lets TorchSharp load";
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "g++ not found; the weak version alone still lets TorchSharp load";
        }
    }
}
