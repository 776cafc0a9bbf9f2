import Tessera

/// A group of named arrays sharing named dimensions: the part of an xarray `Dataset` that
/// ``InferenceData`` needs.
///
/// Each variable has one dim name per axis; arrays of draws start with `chain` and `draw`.
/// Every dim has coordinate labels (``CoordinateLabels``): those given, or the integers
/// `0..<n`. A variable given fewer dims than it has axes gets ArviZ's default names
/// `<name>_dim_0`, `<name>_dim_1`, … for the rest. Variables keep the order they were added in.
///
/// ```swift
/// let posterior = try Dataset(
///     samples: ["mu": muDraws, "theta": thetaDraws],          // [chain, draw, …]
///     dims: ["theta": ["school"]],
///     coords: ["school": .strings(["Choate", "Deerfield"])])
/// posterior["theta"]?.shape          // [4, 1000, 2]
/// posterior.dims(of: "theta")        // ["chain", "draw", "school"]
/// ```
public struct Dataset: Sendable, Hashable, CustomStringConvertible {
    /// The variable names, in order.
    public private(set) var names: [String] = []
    private var arrays: [String: NDArray] = [:]
    private var variableDims: [String: [String]] = [:]
    /// The labels of every dim used by a variable.
    public private(set) var coords: [String: CoordinateLabels] = [:]
    /// Free-form attributes (ArviZ stores `created_at`, `inference_library`, … here).
    public var attrs: [String: AttributeValue] = [:]

    /// The dims of arrays of draws, first.
    public static let sampleDims = ["chain", "draw"]

    /// An empty dataset.
    public init() {}

    /// The values of a variable, or `nil` when there is none of that name.
    public subscript(name: String) -> NDArray? { arrays[name] }

    /// The dims of a variable, one per axis.
    public func dims(of name: String) -> [String]? { variableDims[name] }

    /// Whether the dataset has no variables.
    public var isEmpty: Bool { names.isEmpty }

    /// The number of variables.
    public var count: Int { names.count }

    /// The dim names, in order of first use.
    public var dimNames: [String] {
        var seen = Set<String>()
        var out = [String]()
        for n in names { for d in variableDims[n]! where seen.insert(d).inserted { out.append(d) } }
        return out
    }

    /// The length of every dim.
    public var sizes: [String: Int] { coords.mapValues(\.count) }

    /// Whether every variable starts with the dims `chain`, `draw` (a group of draws).
    public var hasSampleDims: Bool {
        !names.isEmpty && names.allSatisfy { Array(variableDims[$0]!.prefix(2)) == Self.sampleDims }
    }

    /// The number of chains, when the dataset has a `chain` dim.
    public var chainCount: Int? { coords["chain"]?.count }

    /// The number of draws per chain, when the dataset has a `draw` dim.
    public var drawCount: Int? { coords["draw"]?.count }

    // MARK: - Adding and removing

    /// Adds a variable or replaces one of the same name.
    ///
    /// - Parameters:
    ///   - name: the variable's name (not empty, no `/`, not starting with `.`, not a dim name).
    ///   - values: its array.
    ///   - dims: one name per axis of `values`, all of them (`chain` and `draw` included).
    ///   - newCoords: labels for any of these dims not labelled yet; a dim without labels gets `0..<n`.
    /// - Throws: ``InferenceDataError/invalidArgument(_:)`` when the dims do not fit the shape, a dim's
    ///   length disagrees with another variable's or with its labels, or a name is not usable.
    public mutating func set(_ name: String, _ values: NDArray, dims: [String],
                             coords newCoords: [String: CoordinateLabels] = [:]) throws {
        try Self.checkName(name, what: "variable")
        guard dims.count == values.ndim else {
            throw InferenceDataError.invalidArgument(
                "Dataset: variable '\(name)' has shape \(values.shape) (\(values.ndim) axes), but \(dims.count) dims were given: \(dims)")
        }
        guard Set(dims).count == dims.count else {
            throw InferenceDataError.invalidArgument("Dataset: variable '\(name)' names a dim twice: \(dims)")
        }
        guard !dims.contains(name), !(coords[name] != nil && arrays[name] == nil) else {
            throw InferenceDataError.invalidArgument(
                "Dataset: variable '\(name)' has the name of a dim; xarray would take it for that dim's coordinates")
        }
        // Check every dim against the other variables (the variable being replaced excluded).
        var others = self
        others.remove(name)
        var added = [String: CoordinateLabels]()
        for (axis, d) in dims.enumerated() {
            try Self.checkName(d, what: "dim")
            guard others.arrays[d] == nil else {
                throw InferenceDataError.invalidArgument(
                    "Dataset: dim '\(d)' of variable '\(name)' has the name of a variable; rename one of them")
            }
            let n = values.shape[axis]
            if let existing = others.coords[d] {
                guard existing.count == n else {
                    throw InferenceDataError.invalidArgument(
                        "Dataset: dim '\(d)' has length \(existing.count), but axis \(axis) of variable '\(name)' has length \(n)")
                }
                if let given = newCoords[d], given != existing {
                    throw InferenceDataError.invalidArgument(
                        "Dataset: dim '\(d)' already has labels \(existing), but variable '\(name)' gives \(given)")
                }
                added[d] = existing
            } else if let given = newCoords[d] {
                guard given.count == n else {
                    throw InferenceDataError.invalidArgument(
                        "Dataset: dim '\(d)' of variable '\(name)' has length \(n), but \(given.count) labels were given")
                }
                added[d] = given
            } else {
                added[d] = .range(n)
            }
        }
        others.arrays[name] = values
        others.variableDims[name] = dims
        for (d, c) in added { others.coords[d] = c }
        if let i = names.firstIndex(of: name) { others.names.insert(name, at: i) } else { others.names.append(name) }
        self = others
    }

    /// Removes a variable (and the labels of dims no other variable uses); nothing when absent.
    public mutating func remove(_ name: String) {
        guard arrays.removeValue(forKey: name) != nil else { return }
        variableDims.removeValue(forKey: name)
        names.removeAll { $0 == name }
        let used = Set(variableDims.values.joined())
        coords = coords.filter { used.contains($0.key) }
    }

    /// A dataset of the named variables only, in the order given.
    /// - Throws: ``InferenceDataError/unknownVariable(_:)`` for a name it does not have.
    public func selecting(_ varNames: [String]) throws -> Dataset {
        var out = Dataset()
        out.attrs = attrs
        for n in varNames {
            guard let v = arrays[n] else { throw unknown(n) }
            try out.set(n, v, dims: variableDims[n]!, coords: coords.filter { variableDims[n]!.contains($0.key) })
        }
        return out
    }

    func unknown(_ name: String) -> InferenceDataError {
        .unknownVariable("Dataset: no variable '\(name)'; the variables are \(names)")
    }

    static func checkName(_ name: String, what: String) throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\0") else {
            throw InferenceDataError.invalidArgument(
                "Dataset: \(what) name '\(name)' cannot be used; names must be non-empty, without '/' and not start with '.'")
        }
    }

    // MARK: - Building

    /// A dataset of draws from arrays that already have the shape `[chain, draw, …]`.
    ///
    /// - Parameters:
    ///   - samples: each variable's draws.
    ///   - order: the variable order (names not listed follow, sorted); sorted by default.
    ///   - dims: the dims of each variable after `chain` and `draw` (fewer than its axes: the
    ///     rest get `<name>_dim_<i>`), as the `dims` of a PyMC model.
    ///   - coords: labels of dims; dims no variable uses are left out.
    /// - Throws: ``InferenceDataError/invalidArgument(_:)`` when an array has fewer than 2 axes or
    ///   the arrays disagree on the number of chains, draws or a dim's length.
    public init(samples: [String: NDArray], order: [String]? = nil, dims: [String: [String]] = [:],
                coords: [String: CoordinateLabels] = [:]) throws {
        for name in try Self.ordered(samples.keys, order) {
            let v = samples[name]!
            guard v.ndim >= 2 else {
                throw InferenceDataError.invalidArgument(
                    "Dataset: variable '\(name)' has shape \(v.shape), but draws need the shape [chain, draw, …]")
            }
            try add(name, v, leading: Self.sampleDims, dims: dims[name] ?? [], coords: coords)
        }
    }

    /// A dataset of draws from per-chain arrays: `chains[c][name]` has the shape `[draw, …]`.
    ///
    /// ```swift
    /// let ds = try Dataset(chains: [["mu": chain0], ["mu": chain1]])   // mu: [2, draws]
    /// ```
    /// - Throws: ``InferenceDataError/invalidArgument(_:)`` when the chains hold different variables
    ///   or shapes, or there are no chains.
    public init(chains: [[String: NDArray]], order: [String]? = nil, dims: [String: [String]] = [:],
                coords: [String: CoordinateLabels] = [:]) throws {
        guard let first = chains.first else {
            throw InferenceDataError.invalidArgument("Dataset: no chains were given")
        }
        var stacked = [String: NDArray]()
        for (name, v0) in first {
            var elements = [Double]()
            elements.reserveCapacity(v0.count * chains.count)
            for (c, chain) in chains.enumerated() {
                guard let v = chain[name] else {
                    throw InferenceDataError.invalidArgument("Dataset: chain \(c) has no variable '\(name)' but chain 0 has")
                }
                guard v.shape == v0.shape else {
                    throw InferenceDataError.invalidArgument(
                        "Dataset: variable '\(name)' has shape \(v.shape) in chain \(c) but \(v0.shape) in chain 0")
                }
                elements.append(contentsOf: v.doubles)
            }
            guard v0.ndim >= 1 else {
                throw InferenceDataError.invalidArgument(
                    "Dataset: variable '\(name)' of a chain is 0-d, but needs the shape [draw, …]")
            }
            stacked[name] = try NDArray(shape: [chains.count] + v0.shape, elements: elements, dtype: v0.dtype)
        }
        for (c, chain) in chains.enumerated() where Set(chain.keys) != Set(first.keys) {
            throw InferenceDataError.invalidArgument(
                "Dataset: chain \(c) has variables \(chain.keys.sorted()), but chain 0 has \(first.keys.sorted())")
        }
        try self.init(samples: stacked, order: order, dims: dims, coords: coords)
    }

    /// A dataset of draws from points: `points[c][d][name]` is the value at draw `d` of chain `c`
    /// (what a sampler produces step by step).
    /// - Throws: ``InferenceDataError/invalidArgument(_:)`` when points disagree in variables or shapes,
    ///   the chains have different lengths, or there are no draws.
    public init(points: [[[String: NDArray]]], order: [String]? = nil, dims: [String: [String]] = [:],
                coords: [String: CoordinateLabels] = [:]) throws {
        guard let first = points.first?.first else {
            throw InferenceDataError.invalidArgument("Dataset: no draws were given")
        }
        let draws = points[0].count
        var stacked = [String: NDArray]()
        for (name, v0) in first {
            var elements = [Double]()
            elements.reserveCapacity(v0.count * draws * points.count)
            for (c, chain) in points.enumerated() {
                guard chain.count == draws else {
                    throw InferenceDataError.invalidArgument(
                        "Dataset: chain \(c) has \(chain.count) draws, but chain 0 has \(draws)")
                }
                for (d, point) in chain.enumerated() {
                    guard let v = point[name], v.shape == v0.shape else {
                        throw InferenceDataError.invalidArgument(
                            "Dataset: variable '\(name)' at chain \(c), draw \(d) is \(point[name].map { "of shape \($0.shape)" } ?? "missing"), but has shape \(v0.shape) at chain 0, draw 0")
                    }
                    elements.append(contentsOf: v.doubles)
                }
            }
            stacked[name] = try NDArray(shape: [points.count, draws] + v0.shape, elements: elements, dtype: v0.dtype)
        }
        try self.init(samples: stacked, order: order, dims: dims, coords: coords)
    }

    /// A dataset of arrays without sample dims: observed or constant data.
    ///
    /// - Parameters:
    ///   - data: each variable's values.
    ///   - order: the variable order (names not listed follow, sorted); sorted by default.
    ///   - dims: each variable's dims (fewer than its axes: the rest get `<name>_dim_<i>`).
    ///   - coords: labels of dims; dims no variable uses are left out.
    public init(data: [String: NDArray], order: [String]? = nil, dims: [String: [String]] = [:],
                coords: [String: CoordinateLabels] = [:]) throws {
        for name in try Self.ordered(data.keys, order) {
            try add(name, data[name]!, leading: [], dims: dims[name] ?? [], coords: coords)
        }
    }

    /// Adds a variable whose first axes are `leading` and the rest `dims`, filled with defaults.
    private mutating func add(_ name: String, _ v: NDArray, leading: [String], dims: [String],
                              coords: [String: CoordinateLabels]) throws {
        let eventAxes = v.ndim - leading.count
        guard dims.count <= eventAxes else {
            throw InferenceDataError.invalidArgument(
                "Dataset: variable '\(name)' has \(eventAxes) axes after \(leading) (shape \(v.shape)), but \(dims.count) dims were given: \(dims)")
        }
        let full = leading + dims + (dims.count..<eventAxes).map { "\(name)_dim_\($0)" }
        try set(name, v, dims: full, coords: coords.filter { full.contains($0.key) })
    }

    /// Names in the requested order, the rest sorted after them.
    private static func ordered(_ keys: Dictionary<String, NDArray>.Keys, _ order: [String]?) throws -> [String] {
        let keySet = Set(keys)
        let head = order ?? []
        for n in head where !keySet.contains(n) {
            throw InferenceDataError.unknownVariable("Dataset: the order names '\(n)', which is not among the variables \(keys.sorted())")
        }
        let headSet = Set(head)
        return head + keys.filter { !headSet.contains($0) }.sorted()
    }

    // MARK: - Printing

    /// A summary in the manner of xarray's: dims with their lengths, coordinates, and each
    /// variable's dims and dtype.
    public var description: String {
        var lines = ["Dataset"]
        let dimText = dimNames.map { "\($0): \(coords[$0]!.count)" }.joined(separator: ", ")
        lines.append("Dimensions:  (\(dimText))")
        lines.append("Coordinates:")
        let width = max(dimNames.map(\.count).max() ?? 0, names.map(\.count).max() ?? 0)
        for d in dimNames {
            let c = coords[d]!
            let shown = c.count > 6 ? Array(c.labels.prefix(3)) + ["..."] + Array(c.labels.suffix(2)) : c.labels
            lines.append("  * \(d.paddedRight(to: width))  (\(d)) \(shown.joined(separator: " "))")
        }
        lines.append("Data variables:")
        for n in names {
            lines.append("    \(n.paddedRight(to: width))  (\(variableDims[n]!.joined(separator: ", "))) \(arrays[n]!.dtype)")
        }
        if !attrs.isEmpty {
            lines.append("Attributes:")
            for k in attrs.keys.sorted() { lines.append("    \(k): \(attrs[k]!)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    func paddedRight(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
