import Tessera

/// The draws of each scalar element of an array of shape `[chain, draw, …]` (a 1-d array is one
/// chain), with the trailing shape.
func chainMatrices(_ draws: NDArray, function: String) throws -> (shape: [Int], matrices: [ChainMatrix]) {
    guard draws.ndim >= 1 else {
        throw InferenceDataError.invalidArgument(
            "\(function): draws are 0-d, but need the shape [chain, draw, …] (or [draw] for one chain)")
    }
    let chains = draws.ndim == 1 ? 1 : draws.shape[0]
    let n = draws.ndim == 1 ? draws.shape[0] : draws.shape[1]
    let shape = draws.ndim <= 2 ? [] : Array(draws.shape.dropFirst(2))
    let elements = shape.reduce(1, *)
    let x = draws.doubles
    var matrices = [ChainMatrix]()
    matrices.reserveCapacity(elements)
    for e in 0..<elements {
        var values = [Double](repeating: 0, count: chains * n)
        for i in 0..<(chains * n) { values[i] = x[i * elements + e] }
        matrices.append(ChainMatrix(chains: chains, draws: n, values: values))
    }
    return (shape, matrices)
}

/// A diagnostic of one scalar applied to every element of an array of draws.
func elementwiseDiagnostic(_ draws: NDArray, function: String,
                           _ f: (ChainMatrix) -> Double) throws -> NDArray {
    let (shape, matrices) = try chainMatrices(draws, function: function)
    return try NDArray(shape: shape, elements: matrices.map(f))
}

extension Dataset {
    /// Applies a diagnostic to each selected variable of a group of draws, giving a dataset whose
    /// variables lose `chain` and `draw` (and gain `extraDim` last, when given).
    func reducingSampleDims(varNames: [String]?, function: String,
                            extraDim: (name: String, labels: CoordinateLabels)? = nil,
                            _ transform: (NDArray) throws -> NDArray) throws -> Dataset {
        var out = Dataset()
        for name in varNames ?? names {
            guard let values = self[name], let dims = dims(of: name) else { throw unknown(name) }
            guard Array(dims.prefix(2)) == Dataset.sampleDims else {
                throw InferenceDataError.invalidArgument(
                    "\(function): variable '\(name)' has dims \(dims), but draws need the dims (chain, draw, …)")
            }
            let rest = Array(dims.dropFirst(2))
            var labels = coords.filter { rest.contains($0.key) }
            var outDims = rest
            if let extra = extraDim {
                outDims.append(extra.name)
                labels[extra.name] = extra.labels
            }
            try out.set(name, try transform(values), dims: outDims, coords: labels)
        }
        return out
    }
}
