// The text of a flow wrapper. Every public member's doc says which qWAVE call it makes. The names of
// the members, of their parameters and of the session calls they make come from PackageApi, which the
// member-collision check and the analyzers read too.
using System.Globalization;
using QosAnalyzers.Catalog;
using QosAnalyzers.Generator.Model;
using Names = QosAnalyzers.Catalog.PackageApi.Parameters;
using SessionApi = QosAnalyzers.Catalog.PackageApi.Session;
using Wrapper = QosAnalyzers.Catalog.PackageApi.FlowWrapper;

namespace QosAnalyzers.Generator
{
    public sealed partial class QosFlowGenerator
    {
        private const string Runtime = "global::" + PackageApi.Namespace + ".";
        private const string Session = Runtime + PackageApi.Types.Session;
        private const string FlowId = Runtime + PackageApi.Types.FlowId;
        private const string QosException = Runtime + PackageApi.Types.Exception;
        private const string TrafficType = Runtime + PackageApi.Types.TrafficType;
        private const string Shaping = Runtime + PackageApi.Types.Shaping;
        private const string FlowRateReason = Runtime + PackageApi.Types.FlowRateReason;
        private const string NotApplicable = FlowRateReason + ".NotApplicable";
        private const string PacketPriority = Runtime + PackageApi.Types.PacketPriority;
        private const string FlowFundamentals = Runtime + PackageApi.Types.FlowFundamentals;
        private const string Socket = "global::System.Net.Sockets.Socket";
        private const string EndPoint = "global::System.Net.IPEndPoint";
        private const string CancellationToken = "global::System.Threading.CancellationToken";
        private const string Task = "global::System.Threading.Tasks.Task";

        // The parameters generated members share with QosSession's, and the ones of Add and TryAdd alone.
        private const string SessionParameter = Wrapper.SessionParameter;
        private const string SocketParameter = Names.Socket;
        private const string DestinationParameter = Names.Destination;
        private const string FlowParameter = Wrapper.FlowParameter;
        private const string ErrorParameter = Names.Error;
        private const string FlowIdParameter = Names.FlowId;

        internal static string Emit(QosFlowModel model, GeneratorEnvironment environment)
        {
            var w = new SourceWriter();
            string baseList = environment.HasAsyncDisposable
                ? "global::System.IDisposable, global::System.IAsyncDisposable"
                : "global::System.IDisposable";
            int blocks = GeneratedFile.Open(w, model.Hierarchy, string.Empty, baseList, environment);

            string type = model.Hierarchy.Type.Name;
            string trafficType = TrafficType + "." + model.TrafficType;
            string kind = model.Adaptive ? "adaptive" : "non-adaptive";
            string adaptiveArgument = model.Adaptive ? "true" : "false";
            bool hasRate = model.OutgoingRate > 0;
            bool hasDscp = model.Dscp >= 0;
            string rate = model.OutgoingRate.ToString(CultureInfo.InvariantCulture) + "UL";
            string shaping = Shaping + "." + model.Shaping;
            string dscp = model.Dscp.ToString(CultureInfo.InvariantCulture);

            WriteState(w, type, environment);

            // Add
            w.WriteDoc(
                "<summary>\n" +
                "Adds " + ParamRef(SocketParameter) + " to a new " + kind + " qWAVE flow of traffic type <see cref=\"" + trafficType + "\"/>\n" +
                "(<c>QOSAddSocketToFlow</c> with FlowId 0" + (model.Adaptive ? string.Empty : " and <c>QOS_NON_ADAPTIVE_FLOW</c>") + ")" + SettingsSentence(model, hasRate, hasDscp) + ".\n" +
                "</summary>\n" +
                Param(SessionParameter, "The session that owns the flow; it stays usable after the flow is disposed.") +
                Param(SocketParameter, "The socket the application sends on.") +
                Param(DestinationParameter, "The destination address with its port. Required when " + ParamRef(SocketParameter) + " is not connected; when it is, it must match the connected peer or be <see langword=\"null\"/>.") +
                "<returns>The flow. Dispose it to remove the flow (<c>QOSRemoveSocketFromFlow</c>).</returns>\n" +
                "<exception cref=\"" + QosException + "\">A qWAVE call failed; the exception names the call and the documented meaning of the error." +
                (hasRate || hasDscp ? " When applying a setting fails, the new flow is removed before the exception propagates." : string.Empty) +
                (hasDscp ? " Setting a DSCP value needs a caller in Administrators or Network Configuration Operators (ERROR_ACCESS_DENIED otherwise); use " + Wrapper.TryAdd + " to keep the flow without it." : string.Empty) +
                "</exception>\n" +
                "<exception cref=\"global::System.ArgumentNullException\">" + ParamRef(SessionParameter) + " or " + ParamRef(SocketParameter) + " is <see langword=\"null\"/>.</exception>\n" +
                "<exception cref=\"global::System.ObjectDisposedException\">The session is disposed.</exception>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public static " + type + " " + Wrapper.Add + "(" + Session + " " + SessionParameter + ", " + Socket + " " + SocketParameter + ", " + environment.Nullable(EndPoint) + " " + DestinationParameter + " = null)");
            WriteNullChecks(w);
            w.WriteLine(FlowId + " " + FlowIdParameter + " = " + SessionParameter + "." + SessionApi.AddSocketToFlow + "(" + SocketParameter + ", " + DestinationParameter + ", " + trafficType + ", " + Names.Adaptive + ": " + adaptiveArgument + ");");
            if (hasRate || hasDscp)
            {
                w.OpenBlock("try");
                if (hasRate)
                {
                    w.WriteLine(SessionParameter + "." + SessionApi.SetOutgoingRate + "(" + FlowIdParameter + ", " + rate + ", " + shaping + ", " + NotApplicable + ");");
                }

                if (hasDscp)
                {
                    w.WriteLine(SessionParameter + "." + SessionApi.SetOutgoingDscp + "(" + FlowIdParameter + ", " + dscp + ");");
                }

                w.CloseBlock();
                w.OpenBlock("catch");
                w.WriteLine(Wrapper.RemoveAfterFailedAdd + "(" + SessionParameter + ", " + FlowIdParameter + ");");
                w.WriteLine("throw;");
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine("return new " + type + "(" + SessionParameter + ", " + FlowIdParameter + ");");
            w.CloseBlock();
            w.WriteLine();

            // TryAdd
            w.WriteDoc(
                "<summary>\n" +
                "Best-effort form of <see cref=\"" + Wrapper.Add + "\"/>: adds " + ParamRef(SocketParameter) + " to a new " + kind + " qWAVE flow of traffic type <see cref=\"" + trafficType + "\"/>\n" +
                "(<c>QOSAddSocketToFlow</c>)" + SettingsSentence(model, hasRate, hasDscp) + ", reporting qWAVE failures instead of throwing them.\n" +
                "</summary>\n" +
                Param(SessionParameter, "The session that owns the flow; it stays usable after the flow is disposed.") +
                Param(SocketParameter, "The socket the application sends on.") +
                Param(DestinationParameter, "The destination address with its port, or <see langword=\"null\"/> for a connected socket.") +
                Param(FlowParameter, "The flow when the socket was added; otherwise <see langword=\"null\"/>.") +
                "<param name=\"" + ErrorParameter + "\">\n" +
                "<see langword=\"null\"/> on full success. When the method returns <see langword=\"false\"/>, why <c>QOSAddSocketToFlow</c> failed.\n" +
                "When it returns <see langword=\"true\"/> with a non-null error, the flow exists with its traffic type's marking but a setting\n" +
                "could not be applied (for example ERROR_ACCESS_DENIED for DSCP without elevation, or ERROR_NETWORK_BUSY for the rate); the first such failure is reported.\n" +
                "</param>\n" +
                "<returns><see langword=\"true\"/> when the flow was added, even if a setting could not be applied.</returns>\n" +
                "<exception cref=\"global::System.ArgumentNullException\">" + ParamRef(SessionParameter) + " or " + ParamRef(SocketParameter) + " is <see langword=\"null\"/>.</exception>\n" +
                "<exception cref=\"global::System.ObjectDisposedException\">The session is disposed.</exception>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock(
                "public static bool " + Wrapper.TryAdd + "(" + Session + " " + SessionParameter + ", " + Socket + " " + SocketParameter + ", " + environment.Nullable(EndPoint) + " " + DestinationParameter + ", " +
                NotNullWhen(environment, true) + "out " + environment.Nullable(type) + " " + FlowParameter + ", " + NotNullWhen(environment, false) + "out " + environment.Nullable(QosException) + " " + ErrorParameter + ")");
            WriteNullChecks(w);
            w.OpenBlock(
                "if (!" + SessionParameter + "." + SessionApi.TryAddSocketToFlow + "(" + SocketParameter + ", " + DestinationParameter + ", " + trafficType + ", " + adaptiveArgument +
                ", out " + FlowId + " " + FlowIdParameter + ", out " + environment.Nullable(QosException) + " addError))");
            w.WriteLine("// The session's Try methods always describe a failure.");
            w.WriteLine(ErrorParameter + " = " + environment.Forgiven("addError") + ";");
            w.WriteLine(FlowParameter + " = null;");
            w.WriteLine("return false;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine(ErrorParameter + " = null;");
            if (hasRate || hasDscp)
            {
                w.WriteLine();
                w.WriteLine("// Settings are best effort: the flow already carries its traffic type's marking.");
            }

            if (hasRate)
            {
                w.OpenBlock("if (!" + SessionParameter + "." + SessionApi.TrySetOutgoingRate + "(" + FlowIdParameter + ", " + rate + ", " + shaping + ", " + NotApplicable + ", out " + environment.Nullable(QosException) + " rateError))");
                w.WriteLine(KeepFirstError(environment, "rateError"));
                w.CloseBlock();
                w.WriteLine();
            }

            if (hasDscp)
            {
                w.OpenBlock("if (!" + SessionParameter + "." + SessionApi.TrySetOutgoingDscp + "(" + FlowIdParameter + ", " + dscp + ", out " + environment.Nullable(QosException) + " dscpError))");
                w.WriteLine(KeepFirstError(environment, "dscpError"));
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine(FlowParameter + " = new " + type + "(" + SessionParameter + ", " + FlowIdParameter + ");");
            w.WriteLine("return true;");
            w.CloseBlock();
            w.WriteLine();

            // Id
            w.WriteDoc("<summary>The qWAVE flow id that <c>QOSAddSocketToFlow</c> returned for this flow.</summary>");
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.WriteLine("public " + FlowId + " " + Wrapper.Id + " => this." + Wrapper.FlowIdField + ";");
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

        private static string Param(string name, string text) => "<param name=\"" + name + "\">" + text + "</param>\n";

        private static string ParamRef(string name) => "<paramref name=\"" + name + "\"/>";

        private static string KeepFirstError(GeneratorEnvironment environment, string error) =>
            environment.NullableAnnotations ? ErrorParameter + " ??= " + error + ";" : ErrorParameter + " = " + ErrorParameter + " ?? " + error + ";";

        private static string SettingsSentence(QosFlowModel model, bool hasRate, bool hasDscp)
        {
            string text = string.Empty;
            if (hasRate)
            {
                text += ", then sets the outgoing rate to " + model.OutgoingRate.ToString(CultureInfo.InvariantCulture) +
                    " bits/s with <see cref=\"" + Shaping + "." + model.Shaping + "\"/> (<c>QOSSetFlow</c>, <c>QOSSetOutgoingRate</c>)";
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
            foreach (string parameter in new[] { SessionParameter, SocketParameter })
            {
                w.OpenBlock("if (" + parameter + " is null)");
                w.WriteLine("throw new global::System.ArgumentNullException(nameof(" + parameter + "));");
                w.CloseBlock();
                w.WriteLine();
            }
        }

        private static void WriteState(SourceWriter w, string type, GeneratorEnvironment environment)
        {
            // Nullable so that constructors the user declares leave a detectable "not a flow" state
            // instead of a nullable warning in the user's code.
            w.WriteLine("private readonly " + environment.Nullable(Session) + " " + Wrapper.SessionField + ";");
            w.WriteLine("private readonly " + FlowId + " " + Wrapper.FlowIdField + ";");
            w.WriteLine("private int " + Wrapper.RemovedField + ";");
            w.WriteLine();
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private " + type + "(" + Session + " " + SessionParameter + ", " + FlowId + " " + FlowIdParameter + ")");
            w.WriteLine("this." + Wrapper.SessionField + " = " + SessionParameter + ";");
            w.WriteLine("this." + Wrapper.FlowIdField + " = " + FlowIdParameter + ";");
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private " + Session + " " + Wrapper.SessionAccessor + "()");
            w.OpenBlock("if (global::System.Threading.Volatile.Read(ref this." + Wrapper.RemovedField + ") != 0)");
            w.WriteLine("throw new global::System.ObjectDisposedException(this.GetType().FullName);");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("return this." + Wrapper.SessionField + " ?? throw new global::System.InvalidOperationException(\"This " + type + " was not created by " + Wrapper.Add + " or " + Wrapper.TryAdd + " and has no qWAVE flow.\");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("private static void " + Wrapper.RemoveAfterFailedAdd + "(" + Session + " " + SessionParameter + ", " + FlowId + " " + FlowIdParameter + ")");
            w.OpenBlock("try");
            w.WriteLine(SessionParameter + "." + SessionApi.RemoveFlow + "(" + FlowIdParameter + ");");
            w.CloseBlock();
            w.OpenBlock("catch (" + QosException + ")");
            w.WriteLine("// The failure that made " + Wrapper.Add + " give up is the one the caller needs to see.");
            w.CloseBlock();
            w.OpenBlock("catch (global::System.ObjectDisposedException)");
            w.WriteLine("// A closed session has already removed the flow.");
            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteCommonOperations(SourceWriter w, GeneratorEnvironment environment)
        {
            string session = Wrapper.SessionAccessor + "()";
            string id = "this." + Wrapper.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            string failed = "<exception cref=\"" + QosException + "\">The qWAVE call failed; the exception carries the documented meaning of the error.</exception>";

            w.WriteDoc(
                "<summary>Sets the flow's outgoing rate (<c>QOSSetFlow</c> with <c>QOSSetOutgoingRate</c> and a <c>QOS_FLOWRATE_OUTGOING</c>).</summary>\n" +
                Param(Names.BitsPerSecond, "The rate in bits per second measured at the IP level, so it includes IP and transport headers.") +
                Param(Names.Shaping, "How the packet scheduler enforces the rate and marks packets.") +
                Param(Names.Reason, "Why the rate changes; <see cref=\"" + NotApplicable + "\"/> for the first call.") +
                "<exception cref=\"" + QosException + "\">The call failed. ERROR_NETWORK_BUSY means the path lacks the bandwidth: sending still works, but without priority marks.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock(
                "public void " + Wrapper.SetOutgoingRate + "(ulong " + Names.BitsPerSecond + ", " + Shaping + " " + Names.Shaping + " = " + Shaping + ".ShapeAndMark, " +
                FlowRateReason + " " + Names.Reason + " = " + NotApplicable + ")");
            w.WriteLine(session + "." + SessionApi.SetOutgoingRate + "(" + id + ", " + Names.BitsPerSecond + ", " + Names.Shaping + ", " + Names.Reason + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Sets the DSCP value of the flow's outgoing packets (<c>QOSSetFlow</c> with <c>QOSSetOutgoingDSCPValue</c>; Windows 7 or later).</summary>\n" +
                Param(Names.Dscp, "The DSCP value, 0-63.") +
                "<exception cref=\"global::System.ArgumentOutOfRangeException\">" + ParamRef(Names.Dscp) + " is outside 0-63.</exception>\n" +
                "<exception cref=\"" + QosException + "\">The call failed; ERROR_ACCESS_DENIED when the caller is not in Administrators or Network Configuration Operators.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void " + Wrapper.SetOutgoingDscp + "(int " + Names.Dscp + ")");
            w.WriteLine(session + "." + SessionApi.SetOutgoingDscp + "(" + id + ", " + Names.Dscp + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Best-effort form of <see cref=\"" + Wrapper.SetOutgoingDscp + "\"/> (<c>QOSSetFlow</c> with <c>QOSSetOutgoingDSCPValue</c>): reports a qWAVE failure instead of throwing it.</summary>\n" +
                Param(Names.Dscp, "The DSCP value, 0-63.") +
                Param(ErrorParameter, "Why the call failed, or <see langword=\"null\"/>.") +
                "<returns><see langword=\"true\"/> when the value was applied.</returns>\n" +
                "<exception cref=\"global::System.ArgumentOutOfRangeException\">" + ParamRef(Names.Dscp) + " is outside 0-63.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public bool " + Wrapper.TrySetOutgoingDscp + "(int " + Names.Dscp + ", " + NotNullWhen(environment, false) + "out " + environment.Nullable(QosException) + " " + ErrorParameter + ")");
            w.OpenBlock("if (" + session + "." + SessionApi.TrySetOutgoingDscp + "(" + id + ", " + Names.Dscp + ", out " + environment.Nullable(QosException) + " dscpError))");
            w.WriteLine(ErrorParameter + " = null;");
            w.WriteLine("return true;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("// The session's Try methods always describe a failure.");
            w.WriteLine(ErrorParameter + " = " + environment.Forgiven("dscpError") + ";");
            w.WriteLine("return false;");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Queries the rate set for the flow (<c>QOSQueryFlow</c> with <c>QOSQueryOutgoingRate</c>).</summary>\n" +
                "<returns>The rate given when the flow's contract was set, in bits per second.</returns>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public ulong " + Wrapper.QueryOutgoingRate + "()");
            w.WriteLine("return " + session + "." + SessionApi.QueryOutgoingRate + "(" + id + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Queries the DSCP and 802.1p marks of the flow's packets (<c>QOSQueryFlow</c> with <c>QOSQueryPacketPriority</c>).</summary>\n" +
                "<returns>The conformant and non-conformant DSCP and layer-2 values.</returns>\n" +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + PacketPriority + " " + Wrapper.QueryPacketPriority + "()");
            w.WriteLine("return " + session + "." + SessionApi.QueryPacketPriority + "(" + id + ");");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteAdaptiveOperations(SourceWriter w)
        {
            string session = Wrapper.SessionAccessor + "()";
            string id = "this." + Wrapper.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            string canceled = Param(Names.CancellationToken, "Cancels the wait (<c>QOSCancel</c>); the task is then canceled.");

            w.WriteDoc(
                "<summary>Queries qWAVE's estimates for the path (<c>QOSQueryFlow</c> with <c>QOSQueryFlowFundamentals</c>).</summary>\n" +
                Param(Names.Fresh, "Ask for fresh rather than cached data (<c>QOS_QUERYFLOW_FRESH</c>); qWAVE may fail with ERROR_RETRY when it cannot get it.") +
                "<returns>Bottleneck and available bandwidth and round-trip time; a <see langword=\"null\"/> value means the estimate is still being gathered.</returns>\n" +
                "<exception cref=\"" + QosException + "\">The call failed, e.g. ERROR_NO_DATA before estimates exist or ERROR_NOT_SUPPORTED off-link.</exception>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + FlowFundamentals + " " + Wrapper.QueryFundamentals + "(bool " + Names.Fresh + " = false)");
            w.WriteLine("return " + session + "." + SessionApi.QueryFundamentals + "(" + id + ", " + Names.Fresh + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the flow's path becomes congested (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyCongested</c>); at once if it already is.</summary>\n" +
                canceled +
                "<returns>A task that completes on congestion, or faults with a <see cref=\"" + QosException + "\"/> (ERROR_ALREADY_EXISTS when such a wait is already pending).</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " " + Wrapper.WhenCongestedAsync + "(" + CancellationToken + " " + Names.CancellationToken + " = default)");
            w.WriteLine("return " + session + "." + SessionApi.WhenCongestedAsync + "(" + id + ", " + Names.CancellationToken + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the flow's path is no longer congested (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyUncongested</c>); at once if it already is not.</summary>\n" +
                canceled +
                "<returns>A task that completes when congestion ends, or faults with a <see cref=\"" + QosException + "\"/>.</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " " + Wrapper.WhenUncongestedAsync + "(" + CancellationToken + " " + Names.CancellationToken + " = default)");
            w.WriteLine("return " + session + "." + SessionApi.WhenUncongestedAsync + "(" + id + ", " + Names.CancellationToken + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Completes when the path has the spare capacity to raise the flow to " + ParamRef(Names.BitsPerSecond) + " (overlapped <c>QOSNotifyFlow</c> with <c>QOSNotifyAvailable</c>).</summary>\n" +
                Param(Names.BitsPerSecond, "The desired rate in bits per second at the IP level.") +
                canceled +
                "<returns>A task that completes when the rate is available, or faults with a <see cref=\"" + QosException + "\"/>.</returns>\n" +
                Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public " + Task + " " + Wrapper.WhenAvailableAsync + "(ulong " + Names.BitsPerSecond + ", " + CancellationToken + " " + Names.CancellationToken + " = default)");
            w.WriteLine("return " + session + "." + SessionApi.WhenAvailableAsync + "(" + id + ", " + Names.BitsPerSecond + ", " + Names.CancellationToken + ");");
            w.CloseBlock();
            w.WriteLine();
        }

        private static void WriteNonAdaptiveOperations(SourceWriter w, string trafficType, GeneratorEnvironment environment)
        {
            string session = Wrapper.SessionAccessor + "()";
            string id = "this." + Wrapper.FlowIdField;
            const string Disposed = "<exception cref=\"global::System.ObjectDisposedException\">The flow or its session is disposed.</exception>";
            string failed = "<exception cref=\"" + QosException + "\">The qWAVE call failed; the exception carries the documented meaning of the error.</exception>";

            w.WriteDoc(
                "<summary>Adds another socket to this non-adaptive flow (<c>QOSAddSocketToFlow</c> with this flow's id), with traffic type <see cref=\"" + trafficType + "\"/>.</summary>\n" +
                Param(SocketParameter, "The additional socket.") +
                Param(DestinationParameter, "Its destination with port; required when the socket is not connected.") +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void " + Wrapper.AddSocket + "(" + Socket + " " + SocketParameter + ", " + environment.Nullable(EndPoint) + " " + DestinationParameter + " = null)");
            w.WriteLine(session + "." + SessionApi.AddSocketToExistingFlow + "(" + id + ", " + SocketParameter + ", " + DestinationParameter + ", " + trafficType + ");");
            w.CloseBlock();
            w.WriteLine();

            w.WriteDoc(
                "<summary>Removes one socket from this flow (<c>QOSRemoveSocketFromFlow</c> with that socket); the flow and its other sockets remain.</summary>\n" +
                Param(SocketParameter, "A socket previously added to this flow.") +
                failed + "\n" + Disposed);
            w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
            w.OpenBlock("public void " + Wrapper.RemoveSocket + "(" + Socket + " " + SocketParameter + ")");
            w.WriteLine(session + "." + SessionApi.RemoveSocketFromFlow + "(" + id + ", " + SocketParameter + ");");
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
            w.OpenBlock("public void " + Wrapper.Dispose + "()");
            w.WriteLine(environment.Nullable(Session) + " session = this." + Wrapper.SessionField + ";");
            w.OpenBlock("if (session is null || global::System.Threading.Interlocked.Exchange(ref this." + Wrapper.RemovedField + ", 1) != 0 || session." + SessionApi.IsDisposed + ")");
            w.WriteLine("return;");
            w.CloseBlock();
            w.WriteLine();
            w.OpenBlock("try");
            w.WriteLine("session." + SessionApi.RemoveFlow + "(this." + Wrapper.FlowIdField + ");");
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
                    "<summary>Removes the flow like <see cref=\"" + Wrapper.Dispose + "\"/> (<c>QOSRemoveSocketFromFlow</c>, a synchronous qWAVE call).</summary>\n" +
                    "<returns>A completed task.</returns>");
                w.WriteLine(GeneratedFile.GeneratedCodeAttribute);
                w.OpenBlock("public global::System.Threading.Tasks.ValueTask " + Wrapper.DisposeAsync + "()");
                w.WriteLine("this." + Wrapper.Dispose + "();");
                w.WriteLine("return default;");
                w.CloseBlock();
            }
        }
    }
}
