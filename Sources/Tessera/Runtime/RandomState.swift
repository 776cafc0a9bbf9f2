/// The state of a random number generator: PCG64 with the DXSM output function
/// (O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms
/// for Random Number Generation", 2014; DXSM as adopted by NumPy's `PCG64DXSM`).
///
/// A value type: copying it copies the stream. Seedable, splittable into independent
/// streams (``spawn(_:)``: one per chain, one per random variable), serialisable (`Codable`,
/// and as an ``NDArray`` of 32-bit words for graphs), and fast (one 128-bit multiply-add per draw).
public struct RandomState: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 128-bit LCG state.
    public var state: UInt128 { _state }
    @usableFromInline var _state: UInt128
    /// The odd 128-bit increment: which of the 2¹²⁷ streams this is.
    public let increment: UInt128

    @usableFromInline static let multiplier: UInt128 = 0xda94_2042_e4dd_58b5

    /// A generator seeded from one number; equal seeds give equal streams.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed)
        let s = (UInt128(sm.next()) << 64) | UInt128(sm.next())
        let inc = ((UInt128(sm.next()) << 64) | UInt128(sm.next())) | 1
        self.init(state: s, increment: inc)
    }

    /// A generator with an explicit state and increment (the increment is made odd).
    public init(state: UInt128, increment: UInt128) {
        self._state = state
        self.increment = increment | 1
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let old = _state
        _state = _state &* Self.multiplier &+ increment
        var hi = UInt64(truncatingIfNeeded: old >> 64)
        let lo = UInt64(truncatingIfNeeded: old) | 1
        hi ^= hi >> 32
        hi &*= 0xda94_2042_e4dd_58b5
        hi ^= hi >> 48
        hi &*= lo
        return hi
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1): never exactly 0, for logarithms.
    @inlinable @inline(__always)
    public mutating func uniformOpen() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1.0p-52
    }

    /// A uniform integer in `0..<n` without modulo bias (Lemire's method).
    @inline(__always)
    public mutating func integer(below n: UInt64) -> UInt64 {
        precondition(n > 0)
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let t = (0 &- n) % n
            while m.low < t { m = next().multipliedFullWidth(by: n) }
        }
        return m.high
    }

    /// `n` independent generators derived from this one's state, which is left unchanged:
    /// child `i` is the same whenever the parent state is the same (streams are reproducible
    /// whatever the number of cores that use them).
    public func spawn(_ n: Int) -> [RandomState] {
        (0..<n).map { i in
            var sm = SplitMix64(UInt64(truncatingIfNeeded: state) ^ UInt64(truncatingIfNeeded: state >> 64)
                                ^ (UInt64(truncatingIfNeeded: increment) &* 0x9E37_79B9_7F4A_7C15)
                                ^ (UInt64(i) &+ 1) &* 0xBF58_476D_1CE4_E5B9)
            let s = (UInt128(sm.next()) << 64) | UInt128(sm.next())
            let inc = (UInt128(sm.next()) << 64) | UInt128(sm.next())
            return RandomState(state: s, increment: inc)
        }
    }

    public var description: String {
        "RandomState(state: 0x\(String(state, radix: 16)), increment: 0x\(String(increment, radix: 16)))"
    }

    // MARK: Codable as four 64-bit words

    private enum CodingKeys: String, CodingKey { case state, increment }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let s = try c.decode([UInt64].self, forKey: .state)
        let i = try c.decode([UInt64].self, forKey: .increment)
        guard s.count == 2, i.count == 2 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "RandomState needs two 64-bit words per field"))
        }
        self.init(state: (UInt128(s[0]) << 64) | UInt128(s[1]), increment: (UInt128(i[0]) << 64) | UInt128(i[1]))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([UInt64(truncatingIfNeeded: state >> 64), UInt64(truncatingIfNeeded: state)], forKey: .state)
        try c.encode([UInt64(truncatingIfNeeded: increment >> 64), UInt64(truncatingIfNeeded: increment)], forKey: .increment)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): turns seeds into well-mixed state words.
struct SplitMix64 {
    var x: UInt64
    init(_ seed: UInt64) { x = seed }
    mutating func next() -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - In graphs

extension RandomState: NDArrayConvertible {
    /// The state as eight 32-bit words (exact in `Double`): how graphs carry it.
    public func toNDArray() throws -> NDArray { asArray }

    var asArray: NDArray {
        var words: [Double] = []
        for v in [state, increment] {
            for k in stride(from: 96, through: 0, by: -32) { words.append(Double(UInt32(truncatingIfNeeded: v >> UInt128(k)))) }
        }
        return NDArray(uncheckedShape: [8], dtype: .int64, storage: words)
    }

    /// Reads a state from its array form.
    public init(_ array: NDArray) throws {
        guard array.shape == [8], array.storage.allSatisfy({ $0 >= 0 && $0 < 4_294_967_296 && $0 == $0.rounded() }) else {
            throw TesseraError.invalidArgument("RandomState: expected eight 32-bit words, got an array of shape \(array.shape)")
        }
        func word(_ i: Int) -> UInt128 { UInt128(UInt32(array.storage[i])) }
        let s = (word(0) << 96) | (word(1) << 64) | (word(2) << 32) | word(3)
        let inc = (word(4) << 96) | (word(5) << 64) | (word(6) << 32) | word(7)
        self.init(state: s, increment: inc)
    }
}

extension TensorType {
    /// The type of a random generator state in a graph (PyTensor's `RandomGeneratorType`).
    public static let randomState = TensorType(dtype: .int64, shape: [8], isRandomState: true)
}

/// A shared variable holding a random generator state: the `rng` input of random variables.
public func shared(_ state: RandomState, name: String? = nil) -> Variable {
    Variable(type: .randomState, kind: .shared(SharedStorage(state.asArray)), name: name)
}
