using Mono.Cecil;
using Mono.Cecil.Cil;

namespace PromscaleLauncher.Tests.Architecture;

/// <summary>
/// Which namespace of an assembly uses which, read from its IL (signatures, bodies, attributes, generic arguments),
/// not from `using` lines: a fully qualified name or a parent namespace's type counts too.
/// </summary>
internal sealed class NamespaceDependencies
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    /// <summary>namespace → (namespace it uses → one example, "Type → Type").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    public static NamespaceDependencies Read(string assemblyPath, string rootNamespace)
    {
        var dependencies = new NamespaceDependencies();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(rootNamespace, StringComparison.Ordinal))
            {
                // <Module>, <PrivateImplementationDetails>, top-level statements' Program: not a stage.
                continue;
            }
            foreach (var used in ReferencedTypes(type))
            {
                if (used.Resolve() is { } definition && definition.Module == module)
                {
                    var to = NamespaceOf(definition);
                    if (to != from && to.StartsWith(rootNamespace, StringComparison.Ordinal))
                    {
                        dependencies.Add(from, to, $"{type.FullName} → {definition.FullName}");
                    }
                }
            }
        }
        return dependencies;
    }

    /// <summary>Every group of namespaces that use each other (strongly connected components of more than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(targets => targets.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var lowLink = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var node in nodes.Where(node => !index.ContainsKey(node)))
        {
            Connect(node);
        }
        return cycles;

        // Tarjan's algorithm.
        void Connect(string node)
        {
            index[node] = lowLink[node] = index.Count;
            stack.Push(node);
            foreach (var next in _edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Connect(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
                else if (stack.Contains(next))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[next]);
                }
            }
            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    cycles.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }
    }

    private void Add(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        targets.TryAdd(to, example);
    }

    /// <summary>A nested type (lambdas' closures, state machines) belongs to its outermost type's namespace.</summary>
    private static string NamespaceOf(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        return type.Namespace;
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        if (type.BaseType is not null)
        {
            found.Add(type.BaseType);
        }
        found.AddRange(type.Interfaces.Select(implementation => implementation.InterfaceType));
        found.AddRange(type.CustomAttributes.Select(attribute => attribute.AttributeType));
        found.AddRange(type.Fields.Select(field => field.FieldType));
        found.AddRange(type.Properties.Select(property => property.PropertyType));
        found.AddRange(type.Events.Select(@event => @event.EventType));
        foreach (var method in type.Methods)
        {
            found.Add(method.ReturnType);
            found.AddRange(method.Parameters.Select(parameter => parameter.ParameterType));
            found.AddRange(method.CustomAttributes.Select(attribute => attribute.AttributeType));
            if (!method.HasBody)
            {
                continue;
            }
            found.AddRange(method.Body.Variables.Select(variable => variable.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                AddOperand(instruction, found);
            }
        }
        return found.SelectMany(Expand);
    }

    private static void AddOperand(Instruction instruction, List<TypeReference> found)
    {
        switch (instruction.Operand)
        {
            case TypeReference typeReference:
                found.Add(typeReference);
                break;
            case MethodReference methodReference:
                found.Add(methodReference.DeclaringType);
                found.Add(methodReference.ReturnType);
                found.AddRange(methodReference.Parameters.Select(parameter => parameter.ParameterType));
                if (methodReference is GenericInstanceMethod generic)
                {
                    found.AddRange(generic.GenericArguments);
                }
                break;
            case FieldReference fieldReference:
                found.Add(fieldReference.DeclaringType);
                found.Add(fieldReference.FieldType);
                break;
        }
    }

    /// <summary>The type itself and everything it is built from: element types and generic arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                yield return generic.ElementType;
                foreach (var argument in generic.GenericArguments.SelectMany(Expand))
                {
                    yield return argument;
                }
                break;
            case TypeSpecification specification:
                foreach (var element in Expand(specification.ElementType))
                {
                    yield return element;
                }
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }
}
