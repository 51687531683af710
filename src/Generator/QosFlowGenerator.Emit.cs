// The text of a flow wrapper. Every public member's doc says which qWAVE call it makes.
using System.Globalization;
using QosAnalyzers.Attributes;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Model;

namespace QosAnalyzers.Generator
{
    public sealed partial class QosFlowGenerator
    {
        private const string Session = "global::QosAnalyzers.QosSession";
        private const string FlowId = "global::QosAnalyzers.QosFlowId";
        private const string QosException = "global::QosAnalyzers.QosException";
        private const string Socket = "global::System.Net.Sockets.Socket";
        private const string EndPoint = "global::System.Net.IPEndPoint";
        private const string CancellationToken = "global::System.Threading.CancellationToken";
        private const string Task = "global::System.Threading.Tasks.Task";

        internal static string Emit(QosFlowModel model, GeneratorEnvironment environment)
        {
            var w = new SourceWriter();
            string baseList = environment.HasAsyncDisposable
                ? "global::System.IDisposable, global::System.IAsyncDisposable"
                : "global::System.IDisposable";
            int blocks = GeneratedFile.Open(w, model.Hierarchy, string.Empty, baseList, environment);

            string type = model.Hierarchy.Type.Name;
            string trafficType = "global::QosAnalyzers.QosTrafficType." + model.TrafficType;
            string kind = model.Adaptive ? "adaptive" : "non-adaptive";
            string adaptiveArgument = model.Adaptive ? "true" : "false";
            bool hasRate = model.OutgoingRate > 0;
            bool hasDscp = model.Dscp >= 0;
            string rate = model.OutgoingRate.ToString(CultureInfo.InvariantCulture) + "UL";
            string shaping = "global::QosAnalyzers.QosShaping." + model.Shaping;
            string dscp = model.Dscp.ToString(CultureInfo.InvariantCulture);
            string notApplicable = "global::QosAnalyzers.QosFlowRateReason.NotApplicable";

            WriteState(w, type, environment);

            // Add
            w.WriteDoc(
                "<summary>\n" +
                "Adds <paramref name=\"socket\"/> to a new " + kind + " qWAVE flow of traffic type <see cref=\"" + trafficType + "\"/>\n" +
                "(<c>QOSAddSocketToFlow</c> with FlowId 0" + (model.Adaptive ? string.Empty : " and <c>QOS_NON_ADAPTIVE_FLOW</c>") + ")" + SettingsSentence(model, hasRate, hasDscp) + ".\n" +
                "</summary>\n" +
                "<param name=\"session\">The session that owns the flow; it stays usable after the flow is disposed.</param>\n" +
                "<param name=\"socket\">The socket the application sends on.</param>\n" +
                "<param name=\"destination\">The destination address with its port. Required when <paramref name=\"socket\"/> is not connected; when it is, it must match the connected peer or be <see langword=\"null\"/>.</param>\n" +
                "<returns>The flow. Dispose it to remove the flow (<c>QOSRemoveSocketFromFlow</c>).</returns>\n" +
                "<exception cref=\"" + QosException + "\">A qWAVE call failed; the exception names the call and the documented meaning of the error." +
                (hasRate || hasDscp ? " When applying a setting fails, the new flow is removed before the exception propagates." : string.Empty) +
                (hasDscp ? " Setting a DSCP value needs a caller in Administrators or Network Configuration Operators (ERROR_ACCESS_DENIED otherwise); use TryAdd to keep the flow without it." : string.Empty) +
                "</exception>\n" +
                "<exception cref=\"global::System.ArgumentNullException\"><paramref name=\"session\"/> or <paramref name=\"socket\"/> is <see langword=\"null\"/>.</exception>\n" +
                "<exception cref=\"global::System.ObjectDisposedException\">The session is disposed.</exception>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public static " + type + " Add(" + Session + " session, " + Socket + " socket, " + environment.Nullable(EndPoint) + " destination = null)");
            WriteNullChecks(w);
            w.WriteLine(FlowId + " flowId = session.AddSocketToFlow(socket, destination, " + trafficType + ", adaptive: " + adaptiveArgument + ");");
            if (hasRate || hasDscp)
            {
                w.OpenBlock("try");
                if (hasRate)
                {
                    w.WriteLine("session.SetOutgoingRate(flowId, " + rate + ", " + shaping + ", " + notApplicable + ");");
                }

                if (hasDscp)
                {
                    w.WriteLine("session.SetOutgoingDscp(flowId, " + dscp + ");");
                }

                w.CloseBlock();
                w.OpenBlock("catch");
                w.WriteLine(QosAttributeNames.RemoveAfterFailedAdd + "(session, flowId);");
                w.WriteLine("throw;");
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine("return new " + type + "(session, flowId);");
            w.CloseBlock();
            w.WriteLine();

            // TryAdd
            w.WriteDoc(
                "<summary>\n" +
                "Best-effort form of <see cref=\"Add\"/>: adds <paramref name=\"socket\"/> to a new " + kind + " qWAVE flow of traffic type <see cref=\"" + trafficType + "\"/>\n" +
                "(<c>QOSAddSocketToFlow</c>)" + SettingsSentence(model, hasRate, hasDscp) + ", reporting qWAVE failures instead of throwing them.\n" +
                "</summary>\n" +
                "<param name=\"session\">The session that owns the flow; it stays usable after the flow is disposed.</param>\n" +
                "<param name=\"socket\">The socket the application sends on.</param>\n" +
                "<param name=\"destination\">The destination address with its port, or <see langword=\"null\"/> for a connected socket.</param>\n" +
                "<param name=\"flow\">The flow when the socket was added; otherwise <see langword=\"null\"/>.</param>\n" +
                "<param name=\"error\">\n" +
                "<see langword=\"null\"/> on full success. When the method returns <see langword=\"false\"/>, why <c>QOSAddSocketToFlow</c> failed.\n" +
                "When it returns <see langword=\"true\"/> with a non-null error, the flow exists with its traffic type's marking but a setting\n" +
                "could not be applied (for example ERROR_ACCESS_DENIED for DSCP without elevation, or ERROR_NETWORK_BUSY for the rate); the first such failure is reported.\n" +
                "</param>\n" +
                "<returns><see langword=\"true\"/> when the flow was added, even if a setting could not be applied.</returns>\n" +
                "<exception cref=\"global::System.ArgumentNullException\"><paramref name=\"session\"/> or <paramref name=\"socket\"/> is <see langword=\"null\"/>.</exception>\n" +
                "<exception cref=\"global::System.ObjectDisposedException\">The session is disposed.</exception>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public static bool TryAdd(" + Session + " session, " + Socket + " socket, " + environment.Nullable(EndPoint) + " destination, " + NotNullWhen(environment, true) + "out " + environment.Nullable(type) + " flow, " + NotNullWhen(environment, false) + "out " + environment.Nullable(QosException) + " error)");
            WriteNullChecks(w);
            w.OpenBlock("if (!session.TryAddSocketToFlow(socket, destination, " + trafficType + ", " + adaptiveArgument + ", out " + FlowId + " flowId, out " + environment.Nullable(QosException) + " addError))");
            w.WriteLine("// The session's Try methods always describe a failure.");
            w.WriteLine("error = " + environment.Forgiven("addError") + ";");
            w.WriteLine("flow = null;");
            w.WriteLine("return false;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("error = null;");
            if (hasRate || hasDscp)
            {
                w.WriteLine();
                w.WriteLine("// Settings are best effort: the flow already carries its traffic type's marking.");
            }

            if (hasRate)
            {
                w.OpenBlock("if (!session.TrySetOutgoingRate(flowId, " + rate + ", " + shaping + ", " + notApplicable + ", out " + environment.Nullable(QosException) + " rateError))");
                w.WriteLine(environment.NullableAnnotations ? "error ??= rateError;" : "error = error ?? rateError;");
                w.CloseBlock();
                w.WriteLine();
            }

            if (hasDscp)
            {
                w.OpenBlock("if (!session.TrySetOutgoingDscp(flowId, " + dscp + ", out " + environment.Nullable(QosException) + " dscpError))");
                w.WriteLine(environment.NullableAnnotations ? "error ??= dscpError;" : "error = error ?? dscpError;");
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine("flow = new " + type + "(session, flowId);");
            w.WriteLine("return true;");
            w.CloseBlock();
            w.WriteLine();

            // Id
            w.WriteDoc("<summary>The qWAVE flow id that <c>QOSAddSocketToFlow</c> returned for this flow.</summary>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.WriteLine("public " + FlowId + " Id => this." + QosAttributeNames.FlowIdField + ";");
            w.WriteLine();

            WriteCommonOperations(w, environment);
            if (model.Adaptive)
            {
                WriteAdaptiveOperations(w);
            }
            else
            {
                WriteNonAdaptiveOperations(w, trafficType, environment);
            }

            WriteDispose(w, environment);

            GeneratedFile.Close(w, blocks);
            return w.ToString();
        }

        private static string NotNullWhen(GeneratorEnvironment environment, bool value) =>
            environment.HasNotNullWhen
                ? "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(" + (value ? "true" : "false") + ")] "
                : string.Empty;

        private static string SettingsSentence(QosFlowModel model, bool hasRate, bool hasDscp)
        {
            string text = string.Empty;
            if (hasRate)
            {
                text += ", then sets the outgoing rate to " + model.OutgoingRate.ToString(CultureInfo.InvariantCulture) +
                    " bits/s with <see cref=\"global::QosAnalyzers.QosShaping." + model.Shaping + "\"/> (<c>QOSSetFlow</c>, <c>QOSSetOutgoingRate</c>)";
            }

            if (hasDscp)
            {
                text += (hasRate ? " and" : ", then sets") + " the outgoing DSCP value " + model.Dscp.ToString(CultureInfo.InvariantCulture) +
                    " (<c>QOSSetFlow</c>, <c>QOSSetOutgoingDSCPValue</c>)";
            }

            return text;
        }

        private static void WriteNullChecks(SourceWriter w)
        {
            w.OpenBlock("if (session is null)");
            w.WriteLine("throw new global::System.ArgumentNullException(nameof(session));");
            w.CloseBlock();
            w.WriteLine();
            w.OpenBlock("if (socket is null)");
            w.WriteLine("throw new global::System.ArgumentNullException(nameof(socket));");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteState(SourceWriter w, string type, GeneratorEnvironment environment)
        {
            // Nullable so that constructors the user declares leave a detectable "not a flow" state
            // instead of a nullable warning in the user's code.
            w.WriteLine("private readonly " + environment.Nullable(Session) + " " + QosAttributeNames.SessionField + ";");
            w.WriteLine("private readonly " + FlowId + " " + QosAttributeNames.FlowIdField + ";");
            w.WriteLine("private int " + QosAttributeNames.RemovedField + ";");
            w.WriteLine();
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private " + type + "(" + Session + " session, " + FlowId + " flowId)");
            w.WriteLine("this." + QosAttributeNames.SessionField + " = session;");
            w.WriteLine("this." + QosAttributeNames.FlowIdField + " = flowId;");
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private " + Session + " " + QosAttributeNames.SessionAccessor + "()");
            w.OpenBlock("if (global::System.Threading.Volatile.Read(ref this." + QosAttributeNames.RemovedField + ") != 0)");
            w.WriteLine("throw new global::System.ObjectDisposedException(this.GetType().FullName);");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return this." + QosAttributeNames.SessionField + " ?? throw new global::System.InvalidOperationException(\"This " + type + " was not created by Add or TryAdd and has no qWAVE flow.\");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private static void " + QosAttributeNames.RemoveAfterFailedAdd + "(" + Session + " session, " + FlowId + " flowId)");
            w.OpenBlock("try");
            w.WriteLine("session.RemoveFlow(flowId);");
            w.CloseBlock();
            w.OpenBlock("catch (" + QosException + ")");
            w.WriteLine("// The failure that made Add give up is the one the caller needs to see.");
            w.CloseBlock();
            w.OpenBlock("catch (global::System.ObjectDisposedException)");
            w.WriteLine("// A closed session has already removed the flow.");
            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteCommonOperations(SourceWriter w, GeneratorEnvironment environment)
        {
            string session = QosAttributeNames.SessionAccessor + "()";
            string id = "this." + QosAttributeNames.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            string failed = "<exception cref=\"" + QosException + "\">The qWAVE call failed; the exception carries the documented meaning of the error.</exception>";

            w.WriteDoc(
                "<summary>Sets the flow's outgoing rate (<c>QOSSetFlow</c> with <c>QOSSetOutgoingRate</c> and a <c>QOS_FLOWRATE_OUTGOING</c>).</summary>\n" +
                "<param name=\"bitsPerSecond\">The rate in bits per second measured at the IP level, so it includes IP and transport headers.</param>\n" +
                "<param name=\"shaping\">How the packet scheduler enforces the rate and marks packets.</param>\n" +
                "<param name=\"reason\">Why the rate changes; <see cref=\"global::QosAnalyzers.QosFlowRateReason.NotApplicable\"/> for the first call.</param>\n" +
                "<exception cref=\"" + QosException + "\">The call failed. ERROR_NETWORK_BUSY means the path lacks the bandwidth: sending still works, but without priority marks.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void SetOutgoingRate(ulong bitsPerSecond, global::QosAnalyzers.QosShaping shaping = global::QosAnalyzers.QosShaping.ShapeAndMark, global::QosAnalyzers.QosFlowRateReason reason = global::QosAnalyzers.QosFlowRateReason.NotApplicable)");
            w.WriteLine(session + ".SetOutgoingRate(" + id + ", bitsPerSecond, shaping, reason);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Sets the DSCP value of the flow's outgoing packets (<c>QOSSetFlow</c> with <c>QOSSetOutgoingDSCPValue</c>; Windows 7 or later).</summary>\n" +
                "<param name=\"dscp\">The DSCP value, 0-63.</param>\n" +
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"dscp\"/> is outside 0-63.</exception>\n" +
                "<exception cref=\"" + QosException + "\">The call failed; ERROR_ACCESS_DENIED when the caller is not in Administrators or Network Configuration Operators.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void SetOutgoingDscp(int dscp)");
            w.WriteLine(session + ".SetOutgoingDscp(" + id + ", dscp);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Best-effort form of <see cref=\"SetOutgoingDscp\"/> (<c>QOSSetFlow</c> with <c>QOSSetOutgoingDSCPValue</c>): reports a qWAVE failure instead of throwing it.</summary>\n" +
                "<param name=\"dscp\">The DSCP value, 0-63.</param>\n" +
                "<param name=\"error\">Why the call failed, or <see langword=\"null\"/>.</param>\n" +
                "<returns><see langword=\"true\"/> when the value was applied.</returns>\n" +
                "<exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"dscp\"/> is outside 0-63.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public bool TrySetOutgoingDscp(int dscp, " + NotNullWhen(environment, false) + "out " + environment.Nullable(QosException) + " error)");
            w.OpenBlock("if (" + session + ".TrySetOutgoingDscp(" + id + ", dscp, out " + environment.Nullable(QosException) + " dscpError))");
            w.WriteLine("error = null;");
            w.WriteLine("return true;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("// The session's Try methods always describe a failure.");
            w.WriteLine("error = " + environment.Forgiven("dscpError") + ";");
            w.WriteLine("return false;");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Queries the rate set for the flow (<c>QOSQueryFlow</c> with <c>QOSQueryOutgoingRate</c>).</summary>\n" +
                "<returns>The rate given when the flow's contract was set, in bits per second.</returns>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public ulong QueryOutgoingRate()");
            w.WriteLine("return " + session + ".QueryOutgoingRate(" + id + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Queries the DSCP and 802.1p marks of the flow's packets (<c>QOSQueryFlow</c> with <c>QOSQueryPacketPriority</c>).</summary>\n" +
                "<returns>The conformant and non-conformant DSCP and layer-2 values.</returns>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public global::QosAnalyzers.QosPacketPriority QueryPacketPriority()");
            w.WriteLine("return " + session + ".QueryPacketPriority(" + id + ");");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteAdaptiveOperations(SourceWriter w)
        {
            string session = QosAttributeNames.SessionAccessor + "()";
            string id = "this." + QosAttributeNames.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            const string Canceled = "<param name=\"cancellationToken\">Cancels the wait (<c>QOSCancel</c>); the task is then canceled.</param>";

            w.WriteDoc(
                "<summary>Queries qWAVE's estimates for the path (<c>QOSQueryFlow</c> with <c>QOSQueryFlowFundamentals</c>).</summary>\n" +
                "<param name=\"fresh\">Ask for fresh rather than cached data (<c>QOS_QUERYFLOW_FRESH</c>); qWAVE may fail with ERROR_RETRY when it cannot get it.</param>\n" +
                "<returns>Bottleneck and available bandwidth and round-trip time; a <see langword=\"null\"/> value means the estimate is still being gathered.</returns>\n" +
                "<exception cref=\"" + QosException + "\">The call failed, e.g. ERROR_NO_DATA before estimates exist or ERROR_NOT_SUPPORTED off-link.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public global::QosAnalyzers.QosFlowFundamentals QueryFundamentals(bool fresh = false)");
            w.WriteLine("return " + session + ".QueryFundamentals(" + id + ", fresh);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the flow's path becomes congested (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyCongested</c>); at once if it already is.</summary>\n" +
                Canceled + "\n" +
                "<returns>A task that completes on congestion, or faults with a <see cref=\"" + QosException + "\"/> (ERROR_ALREADY_EXISTS when such a wait is already pending).</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " WhenCongestedAsync(" + CancellationToken + " cancellationToken = default)");
            w.WriteLine("return " + session + ".WhenCongestedAsync(" + id + ", cancellationToken);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the flow's path is no longer congested (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyUncongested</c>); at once if it already is not.</summary>\n" +
                Canceled + "\n" +
                "<returns>A task that completes when congestion ends, or faults with a <see cref=\"" + QosException + "\"/>.</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " WhenUncongestedAsync(" + CancellationToken + " cancellationToken = default)");
            w.WriteLine("return " + session + ".WhenUncongestedAsync(" + id + ", cancellationToken);");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the path has the spare capacity to raise the flow to <paramref name=\"bitsPerSecond\"/> (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyAvailable</c>).</summary>\n" +
                "<param name=\"bitsPerSecond\">The desired rate in bits per second at the IP level.</param>\n" +
                Canceled + "\n" +
                "<returns>A task that completes when the rate is available, or faults with a <see cref=\"" + QosException + "\"/>.</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " WhenAvailableAsync(ulong bitsPerSecond, " + CancellationToken + " cancellationToken = default)");
            w.WriteLine("return " + session + ".WhenAvailableAsync(" + id + ", bitsPerSecond, cancellationToken);");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteNonAdaptiveOperations(SourceWriter w, string trafficType, GeneratorEnvironment environment)
        {
            string session = QosAttributeNames.SessionAccessor + "()";
            string id = "this." + QosAttributeNames.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            string failed = "<exception cref=\"" + QosException + "\">The qWAVE call failed; the exception carries the documented meaning of the error.</exception>";

            w.WriteDoc(
                "<summary>Adds another socket to this non-adaptive flow (<c>QOSAddSocketToFlow</c> with this flow's id), with traffic type <see cref=\"" + trafficType + "\"/>.</summary>\n" +
                "<param name=\"socket\">The additional socket.</param>\n" +
                "<param name=\"destination\">Its destination with port; required when the socket is not connected.</param>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void AddSocket(" + Socket + " socket, " + environment.Nullable(EndPoint) + " destination = null)");
            w.WriteLine(session + ".AddSocketToExistingFlow(" + id + ", socket, destination, " + trafficType + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Removes one socket from this flow (<c>QOSRemoveSocketFromFlow</c> with that socket); the flow and its other sockets remain.</summary>\n" +
                "<param name=\"socket\">A socket previously added to this flow.</param>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void RemoveSocket(" + Socket + " socket)");
            w.WriteLine(session + ".RemoveSocketFromFlow(" + id + ", socket);");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteDispose(SourceWriter w, GeneratorEnvironment environment)
        {
            string notFound = QwaveCatalog.ERROR_NOT_FOUND.ToString(CultureInfo.InvariantCulture);
            w.WriteDoc(
                "<summary>\n" +
                "Removes the flow (<c>QOSRemoveSocketFromFlow</c> with Socket 0, which removes every socket of the flow). The session stays usable.\n" +
                "Idempotent; does nothing when the session is already disposed, since closing it removed the flow.\n" +
                "</summary>\n" +
                "<exception cref=\"" + QosException + "\">The removal failed for a reason other than the flow being gone already.</exception>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void Dispose()");
            w.WriteLine(environment.Nullable(Session) + " session = this." + QosAttributeNames.SessionField + ";");
            w.OpenBlock("if (session is null || global::System.Threading.Interlocked.Exchange(ref this." + QosAttributeNames.RemovedField + ", 1) != 0 || session.IsDisposed)");
            w.WriteLine("return;");
            w.CloseBlock();
            w.WriteLine();
            w.OpenBlock("try");
            w.WriteLine("session.RemoveFlow(this." + QosAttributeNames.FlowIdField + ");");
            w.CloseBlock();
            w.OpenBlock("catch (global::System.ObjectDisposedException)");
            w.WriteLine("// The session closed meanwhile, which removed the flow.");
            w.CloseBlock();
            w.OpenBlock("catch (" + QosException + " e) when (e.NativeErrorCode == " + notFound + " || e.RequiresNewSession)");
            w.WriteLine("// ERROR_NOT_FOUND, or a subsystem reset: either way the flow no longer exists.");
            w.CloseBlock();
            w.CloseBlock();

            if (environment.HasAsyncDisposable)
            {
                w.WriteLine();
                w.WriteDoc(
                    "<summary>Removes the flow like <see cref=\"Dispose\"/> (<c>QOSRemoveSocketFromFlow</c>, a synchronous qWAVE call).</summary>\n" +
                    "<returns>A completed task.</returns>");
                w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
                w.OpenBlock("public global::System.Threading.Tasks.ValueTask DisposeAsync()");
                w.WriteLine("this.Dispose();");
                w.WriteLine("return default;");
                w.CloseBlock();
            }
        }
    }
}
