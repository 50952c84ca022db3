using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Ensemble.Web.Tests.Architecture;

/// <summary>
/// Which namespaces of one compiled assembly use which others, read from its metadata and IL: signatures, base
/// types, attributes and every token a method body names. Compiled code is the truth here, where `using` lines can
/// be stale and Razor markup has none.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly ImmutableDictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToImmutableDictionary(code => code.Value, code => code.OperandType);

    private readonly Dictionary<(string From, string To), string> _examples = [];

    private NamespaceGraph(string root) => Root = root;

    /// <summary>The namespace every node lies under, such as Ensemble.Core.</summary>
    public string Root { get; }

    public IEnumerable<(string From, string To)> Edges => _examples.Keys;

    /// <summary>One use that makes the edge, as "Source.Type → Target.Type", so a failure says where to look.</summary>
    public string Example(string from, string to) => _examples[(from, to)];

    public static NamespaceGraph Read(string assemblyPath, string root)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var graph = new NamespaceGraph(root);
        foreach (var handle in reader.TypeDefinitions)
        {
            var source = Outermost(reader, handle);
            var from = reader.GetString(reader.GetTypeDefinition(source).Namespace);
            if (!graph.Owns(from))
            {
                continue;
            }

            var used = new TypeCollector(reader);
            used.CollectType(reader, pe, handle);
            foreach (var target in used.Types)
            {
                var outer = Outermost(reader, target);
                var to = reader.GetString(reader.GetTypeDefinition(outer).Namespace);
                if (to != from && graph.Owns(to))
                {
                    graph._examples.TryAdd((from, to), $"{Name(reader, source)} → {Name(reader, outer)}");
                }
            }
        }

        return graph;
    }

    /// <summary>The groups of namespaces that reach each other (Tarjan's strongly connected components), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = Edges.GroupBy(edge => edge.From).ToDictionary(group => group.Key, group => group.Select(edge => edge.To).ToList());
        var nodes = Edges.SelectMany(edge => new[] { edge.From, edge.To }).Distinct().Order().ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], index[target]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add(component.Order().ToList());
                }
            }
        }

        foreach (var node in nodes.Where(node => !index.ContainsKey(node)))
        {
            Visit(node);
        }

        return components;
    }

    /// <summary>The graph as text, one "from → to" line per edge, names relative to the root.</summary>
    public string Describe() => string.Join('\n', Edges
        .Select(edge => $"{Short(edge.From)} → {Short(edge.To)}")
        .Order(StringComparer.Ordinal));

    public string Short(string ns) => ns == Root ? "(root)" : ns[(Root.Length + 1)..];

    private bool Owns(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        for (var declaring = reader.GetTypeDefinition(handle).GetDeclaringType(); !declaring.IsNil;
             declaring = reader.GetTypeDefinition(handle).GetDeclaringType())
        {
            handle = declaring;
        }

        return handle;
    }

    private static string Name(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }

    /// <summary>Records every type definition of the assembly that a signature or token names.</summary>
    private sealed class TypeCollector(MetadataReader reader) : ISignatureTypeProvider<int, object?>
    {
        public HashSet<TypeDefinitionHandle> Types { get; } = [];

        public void CollectType(MetadataReader metadata, PEReader pe, TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Entity(metadata.GetInterfaceImplementation(implementation).Interface);
            }

            Attributes(type.GetCustomAttributes());
            foreach (var parameter in type.GetGenericParameters())
            {
                Constraints(parameter);
            }

            foreach (var field in type.GetFields())
            {
                var definition = metadata.GetFieldDefinition(field);
                definition.DecodeSignature(this, null);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var property in type.GetProperties())
            {
                var definition = metadata.GetPropertyDefinition(property);
                definition.DecodeSignature(this, null);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var method in type.GetMethods())
            {
                var definition = metadata.GetMethodDefinition(method);
                definition.DecodeSignature(this, null);
                Attributes(definition.GetCustomAttributes());
                foreach (var parameter in definition.GetParameters())
                {
                    Attributes(metadata.GetParameter(parameter).GetCustomAttributes());
                }

                foreach (var parameter in definition.GetGenericParameters())
                {
                    Constraints(parameter);
                }

                if (definition.RelativeVirtualAddress != 0)
                {
                    Body(pe.GetMethodBody(definition.RelativeVirtualAddress));
                }
            }
        }

        private void Constraints(GenericParameterHandle handle)
        {
            foreach (var constraint in reader.GetGenericParameter(handle).GetConstraints())
            {
                Entity(reader.GetGenericParameterConstraint(constraint).Type);
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Entity(reader.GetCustomAttribute(attribute).Constructor);
            }
        }

        private void Body(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (OperandTypes[value])
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        il.Offset += 4 * il.ReadInt32();
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineI:
                    case OperandType.InlineString:
                    case OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Types.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Types.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Types.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }

                    break;
            }
        }

        public int GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Types.Add(handle);
            return 0;
        }

        public int GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;
    }
}
