// Operators on tensors. The overload sets are kept small — (tensor, tensor),
// (tensor, Double), (Double, tensor) — so long expressions mixing tensors and
// literals type-check quickly. Elementwise comparisons are `.<`, `.==` …, so `==`
// keeps its meaning (identity) for variables.

infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .&& : LogicalConjunctionPrecedence
infix operator .|| : LogicalDisjunctionPrecedence
prefix operator .!

extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable { elemwise(Add(), a, b) }
    public static func + (a: Variable, b: Double) -> Variable { elemwise(Add(), a, b.asTensor) }
    public static func + (a: Double, b: Variable) -> Variable { elemwise(Add(), a.asTensor, b) }

    public static func - (a: Variable, b: Variable) -> Variable { elemwise(Sub(), a, b) }
    public static func - (a: Variable, b: Double) -> Variable { elemwise(Sub(), a, b.asTensor) }
    public static func - (a: Double, b: Variable) -> Variable { elemwise(Sub(), a.asTensor, b) }

    public static func * (a: Variable, b: Variable) -> Variable { elemwise(Mul(), a, b) }
    public static func * (a: Variable, b: Double) -> Variable { elemwise(Mul(), a, b.asTensor) }
    public static func * (a: Double, b: Variable) -> Variable { elemwise(Mul(), a.asTensor, b) }

    public static func / (a: Variable, b: Variable) -> Variable { elemwise(TrueDiv(), a, b) }
    public static func / (a: Variable, b: Double) -> Variable { elemwise(TrueDiv(), a, b.asTensor) }
    public static func / (a: Double, b: Variable) -> Variable { elemwise(TrueDiv(), a.asTensor, b) }

    public static func % (a: Variable, b: Variable) -> Variable { elemwise(Mod(), a, b) }
    public static func % (a: Variable, b: Double) -> Variable { elemwise(Mod(), a, b.asTensor) }

    public static prefix func - (a: Variable) -> Variable { elemwise(Neg(), a) }

    public static func += (a: inout Variable, b: Variable) { a = a + b }
    public static func -= (a: inout Variable, b: Variable) { a = a - b }
    public static func *= (a: inout Variable, b: Variable) { a = a * b }
    public static func /= (a: inout Variable, b: Variable) { a = a / b }
}

/// `x ** y`, elementwise.
public func pow(_ x: Variable, _ y: Variable) -> Variable { elemwise(Pow(), x, y) }
/// `x ** y`, elementwise, with a number exponent.
public func pow(_ x: Variable, _ y: Double) -> Variable { elemwise(Pow(), x, y.asTensor) }
