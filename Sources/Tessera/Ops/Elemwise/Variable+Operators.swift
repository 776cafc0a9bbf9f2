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

    public static func % (a: Variable, b: Variable) -> Variable { mod(a, b) }
    public static func % (a: Variable, b: Double) -> Variable { mod(a, b.asTensor) }

    public static prefix func - (a: Variable) -> Variable { elemwise(Neg(), a) }

    public static func += (a: inout Variable, b: Variable) { a = a + b }
    public static func -= (a: inout Variable, b: Variable) { a = a - b }
    public static func *= (a: inout Variable, b: Variable) { a = a * b }
    public static func /= (a: inout Variable, b: Variable) { a = a / b }
}

// MARK: - Elementwise comparisons and logic (bool results)
//
// Each comparison takes (tensor, tensor), (tensor, Double) and (tensor, Int): without the Int
// overload an integer literal (`x .> 0`) could become either a Double or a tensor, and Swift
// calls that ambiguous. A number on the left (`0.5 .< x`) converts to a tensor.

extension Variable {
    /// `a == b`, elementwise, as bool (``eq(_:_:)``).
    public static func .== (a: Variable, b: Variable) -> Variable { eq(a, b) }
    /// `a == b`, elementwise, as bool, with a number.
    public static func .== (a: Variable, b: Double) -> Variable { eq(a, b.asTensor) }
    /// `a == b`, elementwise, as bool, with an integer (so `x .== 1` is not ambiguous).
    public static func .== (a: Variable, b: Int) -> Variable { eq(a, Variable(integerLiteral: b)) }

    /// `a != b`, elementwise, as bool (``neq(_:_:)``).
    public static func .!= (a: Variable, b: Variable) -> Variable { neq(a, b) }
    /// `a != b`, elementwise, as bool, with a number.
    public static func .!= (a: Variable, b: Double) -> Variable { neq(a, b.asTensor) }
    /// `a != b`, elementwise, as bool, with an integer (so `x .!= 1` is not ambiguous).
    public static func .!= (a: Variable, b: Int) -> Variable { neq(a, Variable(integerLiteral: b)) }

    /// `a < b`, elementwise, as bool (``lt(_:_:)``).
    public static func .< (a: Variable, b: Variable) -> Variable { lt(a, b) }
    /// `a < b`, elementwise, as bool, with a number.
    public static func .< (a: Variable, b: Double) -> Variable { lt(a, b.asTensor) }
    /// `a < b`, elementwise, as bool, with an integer (so `x .< 1` is not ambiguous).
    public static func .< (a: Variable, b: Int) -> Variable { lt(a, Variable(integerLiteral: b)) }

    /// `a <= b`, elementwise, as bool (``le(_:_:)``).
    public static func .<= (a: Variable, b: Variable) -> Variable { le(a, b) }
    /// `a <= b`, elementwise, as bool, with a number.
    public static func .<= (a: Variable, b: Double) -> Variable { le(a, b.asTensor) }
    /// `a <= b`, elementwise, as bool, with an integer (so `x .<= 1` is not ambiguous).
    public static func .<= (a: Variable, b: Int) -> Variable { le(a, Variable(integerLiteral: b)) }

    /// `a > b`, elementwise, as bool (``gt(_:_:)``).
    public static func .> (a: Variable, b: Variable) -> Variable { gt(a, b) }
    /// `a > b`, elementwise, as bool, with a number.
    public static func .> (a: Variable, b: Double) -> Variable { gt(a, b.asTensor) }
    /// `a > b`, elementwise, as bool, with an integer (so `x .> 1` is not ambiguous).
    public static func .> (a: Variable, b: Int) -> Variable { gt(a, Variable(integerLiteral: b)) }

    /// `a >= b`, elementwise, as bool (``ge(_:_:)``).
    public static func .>= (a: Variable, b: Variable) -> Variable { ge(a, b) }
    /// `a >= b`, elementwise, as bool, with a number.
    public static func .>= (a: Variable, b: Double) -> Variable { ge(a, b.asTensor) }
    /// `a >= b`, elementwise, as bool, with an integer (so `x .>= 1` is not ambiguous).
    public static func .>= (a: Variable, b: Int) -> Variable { ge(a, Variable(integerLiteral: b)) }

    /// `a AND b`, elementwise, as bool (``logicalAnd(_:_:)``; nonzero is true).
    public static func .&& (a: Variable, b: Variable) -> Variable { logicalAnd(a, b) }
    /// `a OR b`, elementwise, as bool (``logicalOr(_:_:)``; nonzero is true).
    public static func .|| (a: Variable, b: Variable) -> Variable { logicalOr(a, b) }
    /// `NOT a`, elementwise, as bool (``logicalNot(_:)``; nonzero is true).
    public static prefix func .! (a: Variable) -> Variable { logicalNot(a) }
}

/// `x ** y`, elementwise (two bools give int64, as NumPy computes them in integers).
public func pow(_ x: Variable, _ y: Variable) -> Variable {
    let (a, b) = boolsAsInt(x, y)
    return elemwise(Pow(), a, b)
}
/// `x ** y`, elementwise, with a number exponent.
public func pow(_ x: Variable, _ y: Double) -> Variable { elemwise(Pow(), x, y.asTensor) }
