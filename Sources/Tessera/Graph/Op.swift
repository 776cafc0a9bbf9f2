/// An operation of the graph. Everything about one operation lives with its type:
/// the type/shape rule, the VM kernel and its printed name (later: its gradient and C code).
///
/// Ops are values: two equal ops applied to the same inputs compute the same thing,
/// which is what the merge pass relies on.
public protocol Op: Hashable, Sendable {
    /// The name `dprint` shows, as PyTensor prints it (`Add`, `Log`, `Sum{axis=(0,)}`).
    var name: String { get }

    /// The static types of the outputs, from the input variables (their types and,
    /// for constants, their values).
    ///
    /// - Throws: ``TesseraError`` when the inputs cannot be combined; the message
    ///   names the op, what it expected and what it got.
    func outputTypes(_ inputs: [Variable]) throws -> [TensorType]

    /// The VM kernel: computes the outputs from the inputs' values.
    ///
    /// `outputs` holds one array per output, left from the previous call and carrying
    /// the output's static dtype; a kernel that writes into them when their size fits
    /// allocates nothing.
    ///
    /// - Throws: ``TesseraError`` on shapes or values only known at run time.
    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws

    /// The reverse-mode rule: from the gradients of a cost with respect to the node's
    /// outputs, the gradients with respect to its inputs, as new graph nodes.
    ///
    /// `outputGradients` has one entry per output (zeros where an output does not reach the
    /// cost). Return `nil` for an input that gets no gradient (integer inputs such as indices,
    /// shapes). The default marks every float input as not differentiable.
    func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?]

    /// The C backend's kernel: C statements computing the outputs from the inputs, whose
    /// shapes are all known when the code is generated. `nil` (the default): the op runs
    /// through the VM inside the compiled function.
    func cCode(_ kernel: CKernel) -> String?

    /// Whether the output shapes depend on input values, not only on input shapes
    /// (boolean-mask indexing): such graphs run on the VM.
    var hasValueDependentShape: Bool { get }
}

extension Op {
    public func cCode(_ kernel: CKernel) -> String? { nil }
    public var hasValueDependentShape: Bool { false }
}

extension Op {
    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        node.inputs.map { $0.dtype.isFloat ? notDifferentiable(self, $0) : nil }
    }
}

/// A gradient that cannot be computed: a variable carrying an error that names the op,
/// thrown when the gradient graph is compiled.
public func notDifferentiable(_ op: any Op, _ input: Variable) -> Variable {
    Variable.invalid(.unsupported("grad: \(op.name) has no gradient with respect to its input '\(input)'"))
}

extension Op {
    /// Whether this op equals another op of any type.
    public func isEqual(to other: any Op) -> Bool {
        guard let o = other as? Self else { return false }
        return self == o
    }
}

/// Compares two existential ops.
public func opsEqual(_ a: any Op, _ b: any Op) -> Bool { a.isEqual(to: b) }
