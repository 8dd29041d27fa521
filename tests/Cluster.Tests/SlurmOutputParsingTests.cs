using DataForge.Cluster.Slurm;

namespace DataForge.Cluster.Tests;

public sealed class SlurmOutputParsingTests
{
    [Fact]
    public void ParseQueue_ArrayTasksAndSingleJobs()
    {
        // squeue --noheader --array --format "%F|%K|%T|%r" as slurm-wlm 22.05 prints it.
        const string Output = "7|N/A|PENDING|None\n8|0|RUNNING|None\n8|1|PENDING|Dependency\n";

        var live = SlurmStatusReader.ParseQueue(Output);

        Assert.Equal(("PENDING", "None"), live[("7", 0)]);
        Assert.Equal(("RUNNING", "None"), live[("8", 0)]);
        Assert.Equal(("PENDING", "Dependency"), live[("8", 1)]);
    }

    [Fact]
    public void ParseScontrol_KeepsStateReasonAndExitCode_SkipsUnsplitRanges()
    {
        const string Output =
            "JobId=6 ArrayJobId=1 ArrayTaskId=1 JobName=t.sh UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 ExitCode=3:0 RunTime=00:00:00\n" +
            "JobId=9 ArrayJobId=2 ArrayTaskId=1 JobName=t.sh JobState=CANCELLED Reason=DependencyNeverSatisfied ExitCode=0:0\n" +
            "JobId=2 ArrayJobId=2 ArrayTaskId=2-3 JobName=t.sh JobState=PENDING Reason=Dependency ExitCode=0:0\n";

        var records = ScontrolJobRecord.ParseAll(Output);

        Assert.Equal(new ScontrolJobRecord(1, "CANCELLED", "DependencyNeverSatisfied", 0), records[1]);
        Assert.Single(records);
        Assert.Equal(new ScontrolJobRecord(1, "FAILED", "NonZeroExitCode", 3), ScontrolJobRecord.ParseAll(Output.Split('\n')[0])[1]);
    }
}
