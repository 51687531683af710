// How a failed call becomes a QosException: the last error, what it says about the session
// (qWAVE dropped every flow) and about the caller's flow.
using System.Threading;
using QosAnalyzers.Catalog;

namespace QosAnalyzers;

public sealed partial class QosSession
{
    /// <summary>The last error of a call on this session's handle, remembered when it invalidated every flow.</summary>
    private QosException SessionError(string function)
    {
        int error = Compat.LastError.Get();
        NoteFailure(error);
        return new QosException(function, error);
    }

    /// <summary>Remembers the first ERROR_DEVICE_REINITIALIZATION_NEEDED / ERROR_GEN_FAILURE: qWAVE has dropped every flow.</summary>
    private void NoteFailure(int error)
    {
        if (error is QwaveCatalog.ERROR_DEVICE_REINITIALIZATION_NEEDED or QwaveCatalog.ERROR_GEN_FAILURE)
        {
            Interlocked.CompareExchange(ref _reinitializationError, error, 0);
        }
    }

    /// <summary>The last error of a call on <paramref name="flowId"/>, saying so when the flow is not one of this session's.</summary>
    private QosException FlowError(string function, QosFlowId flowId) => FlowError(function, flowId, Compat.LastError.Get());

    private QosException FlowError(string function, QosFlowId flowId, int error)
    {
        NoteFailure(error);
        FlowEntry? entry;
        lock (_sync)
        {
            _flows.TryGetValue(flowId, out entry);
        }

        string? detail = entry switch
        {
            null => $"Flow {flowId} is not a flow of this session: it was never added through it, or it has been removed.",
            { Adaptive: true } when function == QwaveCatalog.QOSAddSocketToFlow => $"Flow {flowId} is adaptive, and an adaptive flow carries exactly one socket; add the socket to a new flow.",
            _ => null,
        };
        return new QosException(function, error, detail);
    }

    private static QosException LastError(string function) => new(function, Compat.LastError.Get());

    private static void ThrowIfFailed(QosException? error)
    {
        if (error is not null)
        {
            throw error;
        }
    }
}
