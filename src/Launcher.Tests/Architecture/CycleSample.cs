// Two namespaces that use each other, one of them only inside a method body: what the cycle test must catch.
namespace PromscaleLauncher.Tests.Architecture.CycleSample.Reading
{
    internal static class Reader
    {
        public static int Read() => Writing.Writer.Written + 1;
    }
}

namespace PromscaleLauncher.Tests.Architecture.CycleSample.Writing
{
    internal static class Writer
    {
        public static int Written { get; } = 1;

        public static int Echo()
        {
            var read = Reading.Reader.Read();
            return read;
        }
    }
}
