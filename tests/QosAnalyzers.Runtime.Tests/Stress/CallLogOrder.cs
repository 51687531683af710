using System.Collections.Generic;
using System.Linq;
using static QosAnalyzers.Interop.QwaveConstants;

namespace QosAnalyzers.Runtime.Tests.Stress;

/// <summary>The disposal order, proven from the simulator's call log of one handle.</summary>
internal static class CallLogOrder
{
    public static IEnumerable<string> Check(IReadOnlyList<QwaveCallRecord> log, nint handle)
    {
        QwaveCallRecord[] mine = log.Where(r => r.QosHandle == handle).ToArray();
        int close = System.Array.FindIndex(mine, r => r.Function == "QOSCloseHandle" && !r.IsCompletion && r.ErrorCode == 0);
        if (close < 0)
        {
            yield return "the handle was never closed";
            yield break;
        }

        QwaveCallRecord[] before = mine[..close];
        QwaveCallRecord[] after = mine[(close + 1)..];

        foreach (QwaveCallRecord call in after.Where(r => !r.IsCompletion).Take(3))
        {
            yield return $"{call.Function} (flow {call.FlowId}) called after QOSCloseHandle";
        }

        // Requests still pending at the close show up as completions logged after it. Only a request
        // whose QOSCancel qWAVE refused may be left for the close to abort.
        int refusedCancels = before.Count(r => r.Function == "QOSCancel" && !r.IsCompletion
            && r.ErrorCode is not (0 or ERROR_INVALID_PARAMETER or ERROR_NOT_FOUND or ERROR_INVALID_HANDLE));
        int completionsAfterClose = after.Count(r => r.IsCompletion);
        if (completionsAfterClose > refusedCancels)
        {
            yield return $"{completionsAfterClose} requests were still pending at QOSCloseHandle (undrained); only {refusedCancels} cancels were refused";
        }

        int queued = before.Count(r => !r.IsCompletion && r.ErrorCode == ERROR_IO_PENDING);
        int completed = before.Count(r => r.IsCompletion) + completionsAfterClose;
        if (queued != completed)
        {
            yield return $"{queued} requests were queued but {completed} completions were logged";
        }

        // Every flow the handle created saw a removal (QOSRemoveSocketFromFlow) before the close.
        HashSet<uint> removed = before.Where(r => r.Function == "QOSRemoveSocketFromFlow" && !r.IsCompletion).Select(r => r.FlowId).ToHashSet();
        foreach (uint flow in before.Where(r => r.Function == "QOSAddSocketToFlow" && r.ErrorCode == 0).Select(r => r.FlowId).Distinct())
        {
            if (!removed.Contains(flow))
            {
                yield return $"flow {flow} was never removed before QOSCloseHandle";
            }
        }
    }
}
