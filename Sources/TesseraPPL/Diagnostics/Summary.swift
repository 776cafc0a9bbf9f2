import Foundation
import Tessera

/// How ``summary(_:varNames:hdiProb:roundTo:group:)`` rounds its values.
public enum SummaryRounding: Sendable, Hashable {
    /// As `az.summary` by default: 3 decimals, `ess_bulk`/`ess_tail` to whole numbers, `r_hat` 2 decimals.
    case arviz
    /// Every column to this many decimals.
    case decimals(Int)
    /// No rounding (`round_to="none"`).
    case none
}

extension ChainMatrix {
    /// The diagnostics columns of `az.summary` (ArviZ's `_multichain_statistics`, focus "mean"):
    /// MCSE of mean and sd, bulk and tail ESS, and R̂ — the last folded about the median of the
    /// unsplit draws, as ArviZ's summary does.
    func summaryDiagnostics() -> [Double] {
        guard isValid(minChains: 1) else { return [.nan, .nan, .nan, .nan, .nan] }
        let zSplit = split().zScaled()
        let low = quantileESS(0.05, relative: false)
        let high = quantileESS(0.95, relative: false)
        let essTail = high < low ? high : low
        var rHat = Double.nan
        if isValid(minChains: 2) {
            let bulk = zSplit.potentialScaleReduction()
            let tail = folded().split().zScaled().potentialScaleReduction()
            rHat = tail > bulk ? tail : bulk
        }
        let essMean = split().effectiveSampleSize()
        let mu = mean
        let d = mapped { ($0 - mu) * ($0 - mu) }
        let sum: Double = d.values.reduce(0, +)
        let mcseMean = (sum / Double(count - 1) / essMean).squareRoot()
        let essBulk = zSplit.effectiveSampleSize()
        let evar = sum / Double(count)
        let essD = d.split().effectiveSampleSize()
        let meanD2 = d.values.reduce(0) { $0 + $1 * $1 } / Double(count)
        let mcseSD = ((meanD2 - evar * evar) / essD / evar / 4).squareRoot()
        return [mcseMean, mcseSD, essBulk, essTail, rHat]
    }
}

/// A table of posterior summaries, one row per scalar element, as `az.summary` returns:
/// columns `mean`, `sd`, `hdi_3%`, `hdi_97%`, `mcse_mean`, `mcse_sd`, `ess_bulk`, `ess_tail`, `r_hat`.
///
/// `print(table)` lays it out as pandas prints `az.summary(idata)`.
public struct SummaryTable: Sendable, Hashable, CustomStringConvertible {
    /// The column names.
    public let columns: [String]
    /// The row labels: `mu`, `theta[0]`, `theta[Choate]`, `beta[0, 1]`.
    public let index: [String]
    /// The values, one array per row in column order.
    public let values: [[Double]]

    /// Creates a table; each row needs one value per column.
    public init(columns: [String], index: [String], values: [[Double]]) throws {
        guard index.count == values.count, values.allSatisfy({ $0.count == columns.count }) else {
            throw InferenceDataError.invalidArgument(
                "SummaryTable: \(index.count) labels and \(values.count) rows of \(values.map(\.count)) values for \(columns.count) columns")
        }
        self.columns = columns
        self.index = index
        self.values = values
    }

    /// The value in a row and column, or `nil` when either is unknown.
    public subscript(row: String, column: String) -> Double? {
        guard let r = index.firstIndex(of: row), let c = columns.firstIndex(of: column) else { return nil }
        return values[r][c]
    }

    /// A whole column, or `nil` when unknown.
    public func column(_ name: String) -> [Double]? {
        guard let c = columns.firstIndex(of: name) else { return nil }
        return values.map { $0[c] }
    }

    /// The table rounded as asked (`round` half to even at the given decimals, as NumPy).
    public func rounded(_ rounding: SummaryRounding) -> SummaryTable {
        let decimals: [Int?] = columns.map { c in
            switch rounding {
            case .none: nil
            case .decimals(let d): d
            case .arviz: c == "r_hat" ? 2 : (c == "ess_bulk" || c == "ess_tail") ? 0 : 3
            }
        }
        let rows = values.map { row in zip(row, decimals).map { v, d in d.map { numpyRound(v, decimals: $0) } ?? v } }
        return SummaryTable(unchecked: columns, index, rows)
    }

    private init(unchecked columns: [String], _ index: [String], _ values: [[Double]]) {
        self.columns = columns
        self.index = index
        self.values = values
    }

    /// The table as pandas prints a data frame (`DataFrame.to_string()`): each column formatted
    /// to 6 decimals with trailing zeros trimmed alike down the column, right-aligned under its
    /// label (which, as pandas does for numbers, gets a leading space); row labels left-aligned.
    public var description: String {
        var strcols: [[String]] = []
        let labelWidth = index.map(\.count).max() ?? 0
        strcols.append([String(repeating: " ", count: labelWidth)] + index.map { $0.paddedRight(to: labelWidth) })
        for (c, name) in columns.enumerated() {
            let cells = pandasFormat(values.map { $0[c] })
            let header = " " + name  // pandas leaves a space before the label of a numeric column
            let width = max(header.count, cells.map(\.count).max() ?? 0)
            strcols.append(([header] + cells).map { String(repeating: " ", count: width - $0.count) + $0 })
        }
        return (0...index.count).map { r in strcols.map { $0[r] }.joined(separator: " ") }.joined(separator: "\n")
    }
}

/// `numpy.round(x, decimals)`: `rint(x · 10^d) / 10^d` (half to even).
func numpyRound(_ x: Double, decimals: Int) -> Double {
    guard x.isFinite else { return x }
    if decimals == 0 { return x.rounded(.toNearestOrEven) }
    if decimals > 0 {
        let f = Foundation.pow(10.0, Double(decimals))
        let y = (x * f).rounded(.toNearestOrEven) / f
        return y.isFinite ? y : x
    }
    let f = Foundation.pow(10.0, Double(-decimals))
    return (x / f).rounded(.toNearestOrEven) * f
}

/// pandas' float column formatting (`FloatArrayFormatter` with `display.precision` 6 and a
/// leading space for the sign): `{: .6f}` with trailing zeros trimmed while every number ends
/// in 0 (one decimal kept); `{: .6e}` when a non-zero value would show as zero (|x| < 1e-6), or
/// when values above 1e6 make a cell longer than 12 characters; `NaN` for nan.
func pandasFormat(_ column: [Double]) -> [String] {
    func fixed(_ v: Double) -> String { v.isNaN ? "NaN" : String(format: "% .6f", v) }
    func scientific(_ v: Double) -> String { v.isNaN ? "NaN" : String(format: "% .6e", v) }
    func isDecimalNumber(_ s: String) -> Bool {
        // ^\s*[+-]?[0-9]+\.[0-9]*$
        var t = Substring(s.drop { $0 == " " })
        if t.first == "-" || t.first == "+" { t = t.dropFirst() }
        guard let dot = t.firstIndex(of: ".") else { return false }
        let whole = t[..<dot]
        let frac = t[t.index(after: dot)...]
        return !whole.isEmpty && whole.allSatisfy(\.isASCIIDigit) && frac.allSatisfy(\.isASCIIDigit)
    }
    func trimmed(_ cells: [String]) -> [String] {
        var cells = cells
        while true {
            let numbers = cells.filter(isDecimalNumber)
            guard !numbers.isEmpty, numbers.allSatisfy({ $0.hasSuffix("0") }) else { break }
            cells = cells.map { isDecimalNumber($0) ? String($0.dropLast()) : $0 }
        }
        return cells.map { isDecimalNumber($0) && $0.hasSuffix(".") ? $0 + "0" : $0 }
    }
    var cells = trimmed(column.map(fixed))
    let maxLength = cells.map(\.count).max() ?? 0
    let tooLong = maxLength > 12
    let hasLarge = column.contains { Swift.abs($0) > 1e6 }
    let hasSmall = column.contains { Swift.abs($0) < 1e-6 && $0 != 0 }
    if hasSmall || (tooLong && hasLarge) { cells = column.map(scientific) }
    return cells
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// A summary of each variable of a group of draws — mean, standard deviation, HDI, MCSE, bulk
/// and tail ESS and R̂ for every scalar element — as ArviZ's `az.summary`.
///
/// The diagnostics follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
/// "Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of
/// MCMC", *Bayesian Analysis* 16(2), 667–718: R̂ is the larger of the bulk and tail rank-normalised
/// split R̂, ESS the bulk and tail ESS; the HDI is the shortest interval of the pooled draws.
///
/// ```swift
/// print(try summary(idata))
/// //                  mean     sd  hdi_3%  hdi_97%  mcse_mean  mcse_sd  ess_bulk  ess_tail  r_hat
/// // mu              4.021  1.101   1.956    6.093      0.026    0.018    1802.0    2161.0   1.00
/// ```
/// - Parameters:
///   - dataset: a group of draws (dims `chain`, `draw`, …).
///   - varNames: the variables, in this order; all by default.
///   - hdiProb: the HDI's probability, in (0, 1]; 0.94 by default (columns `hdi_3%`, `hdi_97%`).
///   - roundTo: ArviZ's default rounding, other decimals, or none.
/// - Throws: ``InferenceDataError`` for an unknown variable, a variable without sample dims or
///   `hdiProb` outside (0, 1].
/// - Complexity: O(S log S) per scalar element for S draws.
public func summary(_ dataset: Dataset, varNames: [String]? = nil, hdiProb: Double = 0.94,
                    roundTo: SummaryRounding = .arviz) throws -> SummaryTable {
    guard hdiProb > 0 && hdiProb <= 1 else {
        throw InferenceDataError.invalidArgument("summary: hdiProb is \(hdiProb), but must be in (0, 1]")
    }
    let alpha = 1 - hdiProb
    let columns = ["mean", "sd",
                   "hdi_" + String(format: "%g", 100 * alpha / 2) + "%",
                   "hdi_" + String(format: "%g", 100 * (1 - alpha / 2)) + "%",
                   "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "r_hat"]
    var index = [String]()
    var rows = [[Double]]()
    for name in varNames ?? dataset.names {
        guard let values = dataset[name], let dims = dataset.dims(of: name) else { throw dataset.unknown(name) }
        guard Array(dims.prefix(2)) == Dataset.sampleDims else {
            throw InferenceDataError.invalidArgument(
                "summary: variable '\(name)' has dims \(dims), but draws need the dims (chain, draw, …)")
        }
        let (shape, matrices) = try chainMatrices(values, function: "summary")
        let labels = elementLabels(name: name, dims: Array(dims.dropFirst(2)), shape: shape, coords: dataset.coords)
        for (label, m) in zip(labels, matrices) {
            let finite = m.values.filter { !$0.isNaN }  // xarray's mean and std skip nan
            let mean = finite.reduce(0, +) / Double(finite.count)
            let sd = variance(finite, ddof: 1).squareRoot()
            let interval = highestDensityInterval(m.values, prob: hdiProb) ?? (.nan, .nan)
            index.append(label)
            rows.append([mean, sd, interval.lower, interval.higher] + m.summaryDiagnostics())
        }
    }
    return try SummaryTable(columns: columns, index: index, values: rows).rounded(roundTo)
}

/// The summary of one group of an ``InferenceData``: by default the posterior, or the prior
/// when there is no posterior (as ArviZ).
/// - Throws: ``InferenceDataError/invalidArgument(_:)`` when the group (or both) is empty.
public func summary(_ idata: InferenceData, varNames: [String]? = nil, hdiProb: Double = 0.94,
                    roundTo: SummaryRounding = .arviz, group: InferenceData.Group? = nil) throws -> SummaryTable {
    let g = group ?? (idata.posterior.isEmpty && !idata.prior.isEmpty ? .prior : .posterior)
    guard !idata[g].isEmpty else {
        throw InferenceDataError.invalidArgument(
            "summary: the inference data has no \(g.rawValue) group; its groups are \(idata.groups.map(\.rawValue))")
    }
    return try summary(idata[g], varNames: varNames, hdiProb: hdiProb, roundTo: roundTo)
}

/// ArviZ's flat labels of the scalar elements of a variable, row-major: `name` for a scalar,
/// `name[l₀, l₁, …]` with each dim's coordinate label otherwise.
func elementLabels(name: String, dims: [String], shape: [Int], coords: [String: CoordinateLabels]) -> [String] {
    guard !shape.isEmpty else { return [name] }
    let count = shape.reduce(1, *)
    var out = [String]()
    out.reserveCapacity(count)
    var idx = [Int](repeating: 0, count: shape.count)
    for _ in 0..<count {
        let parts = idx.enumerated().map { axis, i in coords[dims[axis]]?.label(at: i) ?? String(i) }
        out.append("\(name)[\(parts.joined(separator: ", "))]")
        _ = Shape.advance(&idx, within: shape)
    }
    return out
}
