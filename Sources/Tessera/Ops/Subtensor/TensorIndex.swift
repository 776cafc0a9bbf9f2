/// One index of a subscript on a tensor, as in a NumPy index tuple.
///
/// Users rarely write it: integers, Swift ranges, integer or boolean tensors and arrays convert to it
/// (see ``TensorIndexConvertible``), and the remaining forms are spelled as static members:
///
/// ```swift
/// v[1..<4]                   // v[1:4]
/// m[0, 2...]                 // m[0, 2:]
/// v[.slice(step: -1)]        // v[::-1]
/// m[.slice(1, nil, step: 2)] // m[1::2]
/// m[.all, 0]                 // m[:, 0]
/// v[.newAxis, .all]          // v[None, :]
/// t[.ellipsis, 0]            // t[..., 0]
/// v[idx]                     // integer tensor (int64): gathers, negative positions wrap
/// v[mask]                    // boolean tensor: the elements where it is true
/// ```
///
/// Swift's `...` (an unbounded range) is a full slice, NumPy's `:`, as for Swift collections;
/// NumPy's `...` is ``TensorIndexConvertible/ellipsis``. Swift parses `-3...` as `-(3...)`: write
/// `(-3)...` for NumPy's `-3:`, and space out `-3 ..< -1`.
///
/// It is a struct around ``Kind`` (rather than an enum) so that its constructors can be written
/// with a leading dot among the other index forms in one variadic subscript.
public struct TensorIndex: Sendable, CustomStringConvertible {
    /// What an index does.
    public enum Kind: Sendable {
        /// One position (negative counts from the end); removes the axis.
        case at(Int)
        /// A slice `start:stop:step`; `nil` bounds take NumPy's defaults (the whole axis in the step's direction).
        case range(start: Int?, stop: Int?, step: Int?)
        /// Inserts an axis of size 1 (NumPy's `None`).
        case newAxis
        /// As many full slices as needed to index every axis (NumPy's `...`).
        case ellipsis
        /// An integer tensor (positions along one axis) or a boolean tensor (a mask over as many axes as it has).
        case tensor(Variable)
    }

    /// What this index does.
    public let kind: Kind

    /// An index of the given kind.
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .at(let i): return "\(i)"
        case .range(let start, let stop, let step):
            let s = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
            return step.map { s + ":\($0)" } ?? s
        case .newAxis: return "None"
        case .ellipsis: return "..."
        case .tensor(let v): return "\(v)"
        }
    }
}

/// A value usable as one index in a subscript of a ``Variable``: `Int`, Swift ranges of `Int`,
/// ``TensorIndex``, ``Variable`` (int64 or bool), ``NDArray`` and Swift arrays of numbers or booleans.
public protocol TensorIndexConvertible {
    /// The index this value stands for.
    var tensorIndex: TensorIndex { get }
}

extension TensorIndexConvertible where Self == TensorIndex {
    /// The whole axis: NumPy's `:`.
    public static var all: TensorIndex { TensorIndex(.range(start: nil, stop: nil, step: nil)) }
    /// A new axis of size 1: NumPy's `None` / `np.newaxis`.
    public static var newAxis: TensorIndex { TensorIndex(.newAxis) }
    /// Full slices for all axes not otherwise indexed: NumPy's `...`.
    public static var ellipsis: TensorIndex { TensorIndex(.ellipsis) }
    /// One position (negative counts from the end).
    public static func at(_ i: Int) -> TensorIndex { TensorIndex(.at(i)) }
    /// The slice `start:stop:step` with NumPy's meaning (negative bounds count from the end,
    /// `nil` bounds take the whole axis in the step's direction): `.slice(step: -1)` is `::-1`.
    public static func slice(_ start: Int? = nil, _ stop: Int? = nil, step: Int? = nil) -> TensorIndex {
        TensorIndex(.range(start: start, stop: stop, step: step))
    }
    /// An integer or boolean tensor index.
    public static func tensor(_ v: Variable) -> TensorIndex { TensorIndex(.tensor(v)) }
}

extension TensorIndex: TensorIndexConvertible {
    public var tensorIndex: TensorIndex { self }
}

extension Int: TensorIndexConvertible {
    /// One position.
    public var tensorIndex: TensorIndex { TensorIndex(.at(self)) }
}

extension Range: TensorIndexConvertible where Bound == Int {
    /// `a..<b` is the slice `a:b`.
    public var tensorIndex: TensorIndex { TensorIndex(.range(start: lowerBound, stop: upperBound, step: nil)) }
}

extension ClosedRange: TensorIndexConvertible where Bound == Int {
    /// `a...b` is the slice `a:b+1` (`a:` when `b` is -1, the last element).
    public var tensorIndex: TensorIndex {
        TensorIndex(.range(start: lowerBound, stop: upperBound == -1 || upperBound == .max ? nil : upperBound + 1, step: nil))
    }
}

extension PartialRangeFrom: TensorIndexConvertible where Bound == Int {
    /// `a...` is the slice `a:`.
    public var tensorIndex: TensorIndex { TensorIndex(.range(start: lowerBound, stop: nil, step: nil)) }
}

extension PartialRangeUpTo: TensorIndexConvertible where Bound == Int {
    /// `..<b` is the slice `:b`.
    public var tensorIndex: TensorIndex { TensorIndex(.range(start: nil, stop: upperBound, step: nil)) }
}

extension PartialRangeThrough: TensorIndexConvertible where Bound == Int {
    /// `...b` is the slice `:b+1` (`:` when `b` is -1).
    public var tensorIndex: TensorIndex {
        TensorIndex(.range(start: nil, stop: upperBound == -1 || upperBound == .max ? nil : upperBound + 1, step: nil))
    }
}

extension Variable: TensorIndexConvertible {
    /// An int64 tensor of positions or a bool mask.
    public var tensorIndex: TensorIndex { TensorIndex(.tensor(self)) }
}

extension NDArray: TensorIndexConvertible {
    /// A constant int64 index array or bool mask.
    public var tensorIndex: TensorIndex { TensorIndex(.tensor(constant(indexArray(self)))) }
}

extension Array: TensorIndexConvertible where Element: NDArrayConvertible {
    /// `[0, 2, 2]` indexes with constant positions, `[true, false, true]` with a constant mask.
    public var tensorIndex: TensorIndex {
        do {
            return TensorIndex(.tensor(constant(indexArray(try toNDArray()))))
        } catch let e as TesseraError {
            return TensorIndex(.tensor(.invalid(e)))
        } catch {
            return TensorIndex(.tensor(.invalid(.invalidArgument("index: \(error)"))))
        }
    }
}

/// An array used as an index: an empty list (float64 by default) becomes int64, as in NumPy.
private func indexArray(_ a: NDArray) -> NDArray {
    a.count == 0 && a.dtype.isFloat ? a.astype(.int64) : a
}

extension Variable {
    /// Indexes this tensor with NumPy's rules: basic indexing with integers, ranges, ``TensorIndexConvertible/slice(_:_:step:)``,
    /// ``TensorIndexConvertible/newAxis`` and ``TensorIndexConvertible/ellipsis``; advanced indexing with int64 or bool tensors.
    ///
    /// ```swift
    /// let m = matrix("m", shape: [3, 4])
    /// m[0, 2...]           // shape (2,)
    /// m[.all, .slice(step: -1)]
    /// m[idx, 0]            // idx: int64 tensor; negative positions wrap
    /// m[mask]              // mask: a bool tensor of shape (3, 4); a vector of unknown length
    /// ```
    /// Fewer indices than dimensions leave the trailing axes whole. Integers out of range, too many indices,
    /// and float index tensors give an invalid variable (or a run-time error when the size is only known then)
    /// naming the axis, index and size. The result can be passed to ``setSubtensor(_:_:)`` or ``incSubtensor(_:_:)``.
    public subscript(_ indices: any TensorIndexConvertible...) -> Variable {
        subtensor(self, indices.map(\.tensorIndex))
    }

    /// The whole tensor, `v[...]` (Swift's unbounded range is NumPy's `:`).
    public subscript(_ all: UnboundedRange) -> Variable {
        subtensor(self, [.all])
    }
}
