using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using QosAnalyzers.Catalog;

namespace QosAnalyzers.Analyzers.Recognition
{
    /// <summary>An invocation of a qWAVE binding; arguments are found by the parameter they bind to, never by position.</summary>
    internal readonly struct QwaveCall
    {
        public QwaveCall(IInvocationOperation invocation, QwaveMethod method)
        {
            Invocation = invocation;
            Method = method;
        }

        public IInvocationOperation Invocation { get; }

        public QwaveMethod Method { get; }

        public QwaveFunction Function => Method.Function;

        public string FunctionName => Method.Function.Name;

        /// <summary>The argument bound to the catalog parameter with <paramref name="role"/> (named, reordered or defaulted alike).</summary>
        public IArgumentOperation? Argument(ParameterRole role)
        {
            foreach (IArgumentOperation argument in Invocation.Arguments)
            {
                if (Method.CatalogParameter(argument.Parameter)?.Role == role)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>The argument's value without the implicit conversion to the parameter type.</summary>
        public IOperation? ArgumentValue(ParameterRole role) => Argument(role)?.Value;
    }
}
