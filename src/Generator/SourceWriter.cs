// A small indenting writer for generated C#; always "\n" line endings so output is the same on
// every OS and golden files compare byte for byte.
using System.Text;

namespace QosAnalyzers.Generator
{
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new StringBuilder(4096);
        private int _indent;

        public void WriteLine()
        {
            _builder.Append('\n');
        }

        public void WriteLine(string line)
        {
            for (int i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(line).Append('\n');
        }

        public void OpenBlock(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _indent++;
        }

        public void OpenBlock()
        {
            WriteLine("{");
            _indent++;
        }

        public void CloseBlock()
        {
            _indent--;
            WriteLine("}");
        }

        public void Indent() => _indent++;

        public void Unindent() => _indent--;

        /// <summary>Writes an XML doc comment, one "///" line per input line.</summary>
        public void WriteDoc(string xml)
        {
            foreach (string line in xml.Split('\n'))
            {
                WriteLine(line.Length == 0 ? "///" : "/// " + line);
            }
        }

        public override string ToString() => _builder.ToString();
    }
}
