import Foundation
import Tessera

extension InferenceData {
    /// Writes each group as a CSV file in a folder: `posterior.csv`, `sample_stats.csv`, ….
    ///
    /// A group of draws has a row per (chain, draw) — columns `chain`, `draw`, then one per scalar
    /// element of each variable, `mu`, `theta[0]`, `theta[1]`, `beta[0,1]` (row-major); a group of
    /// data (`observed_data`, `constant_data`) has one row of its elements. Numbers are written
    /// so they read back exactly (`nan`, `inf`, `-inf` for non-finite values), integers as integers,
    /// booleans as `True`/`False`. Each file is written atomically.
    ///
    /// ```swift
    /// try idata.writeCSV(to: "fit-csv")    // fit-csv/posterior.csv, …
    /// ```
    /// - Throws: ``InferenceDataError/io(_:)`` when the folder cannot be created or a file written.
    public func writeCSV(to directory: String) throws {
        try writeCSV(to: URL(fileURLWithPath: directory))
    }

    /// Writes each group as a CSV file in the folder at a file URL; see ``writeCSV(to:)``.
    public func writeCSV(to directory: URL) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw InferenceDataError.io("writeCSV: could not create the folder \(directory.path): \(error.localizedDescription)")
        }
        for group in groups {
            let file = directory.appendingPathComponent("\(group.rawValue).csv")
            do {
                try Data(self[group].csv().utf8).write(to: file, options: .atomic)
            } catch {
                throw InferenceDataError.io("writeCSV: could not write \(file.path): \(error.localizedDescription)")
            }
        }
    }
}

extension Dataset {
    /// The dataset as CSV text: a row per (chain, draw) for a group of draws, else one row.
    func csv() -> String {
        let perDraw = hasSampleDims
        var header = perDraw ? ["chain", "draw"] : []
        var columns: [(values: [Double], dtype: DType, stride: Int, offset: Int)] = []
        for name in names {
            let v = self[name]!
            let eventShape = perDraw ? Array(v.shape.dropFirst(2)) : v.shape
            let elements = eventShape.reduce(1, *)
            header += csvLabels(name: name, shape: eventShape)
            for e in 0..<elements { columns.append((v.doubles, v.dtype, elements, e)) }
        }
        var lines = [header.map(Self.csvField).joined(separator: ",")]
        let rows = perDraw ? (chainCount ?? 0) * (drawCount ?? 0) : 1
        let draws = drawCount ?? 1
        for r in 0..<rows {
            var cells = perDraw ? [String(r / draws), String(r % draws)] : []
            for c in columns { cells.append(Self.csvNumber(c.values[r * c.stride + c.offset], c.dtype)) }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `name`, or `name[i,j]` per element in row-major order.
    private func csvLabels(name: String, shape: [Int]) -> [String] {
        guard !shape.isEmpty else { return [name] }
        let count = shape.reduce(1, *)
        let strides = Shape.strides(shape)
        return (0..<count).map { flat in
            let idx = zip(strides, shape).map { stride, n in (flat / stride) % n }
            return "\(name)[\(idx.map(String.init).joined(separator: ","))]"
        }
    }

    private static func csvNumber(_ x: Double, _ dtype: DType) -> String {
        switch dtype {
        case .bool: return x != 0 ? "True" : "False"
        case .int64: return String(Int64(exactly: x) ?? 0)
        case .float32: return "\(Float(x))"
        case .float64: return "\(x)"
        }
    }

    /// A field quoted as RFC 4180 asks when it holds a comma, quote or line break.
    private static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
