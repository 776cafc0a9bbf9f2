extension RandomState {
    /// Fills `buffer` with uniform doubles in [0, 1), the same values as that many ``uniform()`` calls.
    ///
    /// The loop runs inside this module, where ``next()`` inlines; from another module each
    /// `uniform()` call is an out-of-line call, several times slower than the generator itself.
    /// - Complexity: O(n).
    public mutating func fill(uniform buffer: UnsafeMutableBufferPointer<Double>) {
        var rng = self
        for i in buffer.indices { buffer[i] = rng.uniform() }
        self = rng
    }
}
