import Foundation
import Tessera

/// Encoding and decoding of one Zarr v2 array (https://zarr-specs.readthedocs.io/en/latest/v2/v2.0.html):
/// its `.zarray` metadata and its raw, uncompressed, C-order chunks.
///
/// Tessera writes one chunk per array (`chunks == shape`), named `0.0…0` (`0` for a 0-d array),
/// with the dtypes `<f8`, `<f4`, `<i8`, `|b1` for data and `<i8` or fixed-width `<U{n}` (UCS-4,
/// little-endian, zero-padded) for coordinates — all readable by zarr-python and xarray without
/// numcodecs. Reading also takes several chunks, other integer widths, big-endian data and
/// `vlen-utf8` strings (what xarray writes for string coordinates), but no compressor.
enum ZarrArrayCodec {
    /// A decoded array: numbers, or strings (for coordinates).
    enum Values {
        case numbers(NDArray)
        case strings([String])
    }

    // MARK: - Writing

    /// The `.zarray` document of an array.
    static func metadata(shape: [Int], dtype: String, fillValue: JSONValue) -> JSONValue {
        .object([
            ("chunks", .array(shape.map { .int(Swift.max($0, 1)) })),
            ("compressor", .null),
            ("dimension_separator", .string(".")),
            ("dtype", .string(dtype)),
            ("fill_value", fillValue),
            ("filters", .null),
            ("order", .string("C")),
            ("shape", .array(shape.map { .int($0) })),
            ("zarr_format", .int(2)),
        ])
    }

    /// The key of the single chunk of an array of `rank` dims.
    static func chunkKey(rank: Int) -> String {
        rank == 0 ? "0" : Array(repeating: "0", count: rank).joined(separator: ".")
    }

    /// The dtype, fill value and chunk bytes of an array.
    static func encode(_ a: NDArray) -> (dtype: String, fill: JSONValue, bytes: Data) {
        let x = a.doubles
        switch a.dtype {
        case .float64:
            var d = Data(capacity: 8 * x.count)
            for v in x { withUnsafeBytes(of: v.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
            return ("<f8", .string("NaN"), d)
        case .float32:
            var d = Data(capacity: 4 * x.count)
            for v in x { withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { d.append(contentsOf: $0) } }
            return ("<f4", .string("NaN"), d)
        case .int64:
            var d = Data(capacity: 8 * x.count)
            for v in x { withUnsafeBytes(of: Int64(exactly: v) ?? 0) { d.append(contentsOf: $0) } }
            return ("<i8", .null, d)
        case .bool:
            return ("|b1", .null, Data(x.map { $0 != 0 ? 1 : 0 }))
        }
    }

    /// The dtype, fill value and chunk bytes of coordinate labels.
    static func encode(_ c: CoordinateLabels) -> (dtype: String, fill: JSONValue, bytes: Data) {
        switch c {
        case .integers(let values):
            var d = Data(capacity: 8 * values.count)
            for v in values { withUnsafeBytes(of: Int64(v).littleEndian) { d.append(contentsOf: $0) } }
            return ("<i8", .null, d)
        case .strings(let values):
            let width = Swift.max(1, values.map { $0.unicodeScalars.count }.max() ?? 1)
            var d = Data(capacity: 4 * width * values.count)
            for s in values {
                var n = 0
                for u in s.unicodeScalars {
                    withUnsafeBytes(of: u.value.littleEndian) { d.append(contentsOf: $0) }
                    n += 1
                }
                d.append(contentsOf: [UInt8](repeating: 0, count: 4 * (width - n)))
            }
            return ("<U\(width)", .null, d)
        }
    }

    // MARK: - Reading

    /// A parsed `dtype` string.
    private enum Kind {
        case float(bytes: Int)
        case signed(bytes: Int)
        case unsigned(bytes: Int)
        case bool
        case unicode(chars: Int)
        case vlenUTF8
    }

    /// Decodes an array from its metadata and a function giving a chunk's bytes by key (`nil`
    /// for a missing chunk, which holds the fill value).
    static func decode(metadata m: JSONValue, path: String, chunk: (String) throws -> Data?) throws -> Values {
        func bad(_ message: String) -> InferenceDataError { .unreadableStore("Zarr array '\(path)': \(message)") }
        guard m["zarr_format"]?.intValue == 2 else { throw bad("zarr_format is \(m["zarr_format"].map { "\($0)" } ?? "missing"), expected 2") }
        guard let shape = m["shape"]?.arrayValue?.compactMap(\.intValue), let chunks = m["chunks"]?.arrayValue?.compactMap(\.intValue),
              shape.count == chunks.count, chunks.allSatisfy({ $0 > 0 }) else { throw bad("missing or invalid shape or chunks") }
        guard let dtypeText = m["dtype"]?.stringValue else { throw bad("dtype is not a string (structured dtypes are not supported)") }
        guard m["compressor"]?.isNull ?? true else {
            let id = m["compressor"]?["id"]?.stringValue ?? "?"
            throw bad("chunks are compressed with '\(id)'; only uncompressed stores (compressor null) can be read")
        }
        if let order = m["order"]?.stringValue, order != "C" { throw bad("order '\(order)' is not supported (only C)") }
        let filterIDs = (m["filters"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        let separator = m["dimension_separator"]?.stringValue ?? "."

        var little = true
        var code = Substring(dtypeText)
        if let first = code.first, "<>|=".contains(first) {
            little = first != ">"
            code = code.dropFirst()
        }
        let kind: Kind
        switch (code.first, Int(code.dropFirst())) {
        case ("f", let n?) where n == 4 || n == 8: kind = .float(bytes: n)
        case ("i", let n?) where [1, 2, 4, 8].contains(n): kind = .signed(bytes: n)
        case ("u", let n?) where [1, 2, 4, 8].contains(n): kind = .unsigned(bytes: n)
        case ("b", 1): kind = .bool
        case ("U", let n?) where n >= 0: kind = .unicode(chars: n)
        case ("O", _) where filterIDs == ["vlen-utf8"]: kind = .vlenUTF8
        default: throw bad("dtype '\(dtypeText)' is not supported")
        }
        if case .vlenUTF8 = kind {} else if !filterIDs.isEmpty {
            throw bad("filters \(filterIDs) are not supported")
        }

        let count = shape.reduce(1, *)
        let chunkCount = chunks.reduce(1, *)
        let grid = zip(shape, chunks).map { ($0 + $1 - 1) / $1 }
        var numbers = [Double](repeating: 0, count: count)
        var strings = [String](repeating: "", count: count)
        let isString: Bool
        switch kind {
        case .unicode, .vlenUTF8: isString = true
        default: isString = false
        }
        // The fill value.
        if !isString {
            let fill: Double
            switch m["fill_value"] ?? .null {
            case .int(let i): fill = Double(i)
            case .double(let d): fill = d
            case .bool(let b): fill = b ? 1 : 0
            case .string("NaN"): fill = .nan
            case .string("Infinity"): fill = .infinity
            case .string("-Infinity"): fill = -.infinity
            default: fill = 0
            }
            if fill != 0 { numbers = [Double](repeating: fill, count: count) }
        }

        if count > 0 {
            var gridIndex = [Int](repeating: 0, count: shape.count)
            let totalChunks = grid.reduce(1, *)
            for _ in 0..<totalChunks {
                let key = shape.isEmpty ? "0" : gridIndex.map(String.init).joined(separator: separator)
                if let bytes = try chunk(key) {
                    let items: ChunkItems
                    switch kind {
                    case .vlenUTF8: items = .strings(try decodeVlenUTF8(bytes, expected: chunkCount, bad: bad))
                    default: items = try decodeFixed(bytes, kind: kind, little: little, count: chunkCount, bad: bad)
                    }
                    // Copy the part of the chunk inside the array.
                    var local = [Int](repeating: 0, count: shape.count)
                    for i in 0..<chunkCount {
                        var flat = 0
                        var inside = true
                        for axis in 0..<shape.count {
                            let g = gridIndex[axis] * chunks[axis] + local[axis]
                            if g >= shape[axis] { inside = false; break }
                            flat = flat * shape[axis] + g
                        }
                        if inside {
                            switch items {
                            case .numbers(let x): numbers[flat] = x[i]
                            case .strings(let x): strings[flat] = x[i]
                            }
                        }
                        _ = Shape.advance(&local, within: chunks)
                    }
                }
                _ = Shape.advance(&gridIndex, within: grid)
            }
        }
        if isString { return .strings(strings) }
        let dtype: DType
        switch kind {
        case .float(let n): dtype = n == 4 ? .float32 : .float64
        case .bool: dtype = .bool
        default: dtype = .int64
        }
        return .numbers(try NDArray(shape: shape, elements: numbers, dtype: dtype))
    }

    /// The items of one chunk.
    private enum ChunkItems {
        case numbers([Double])
        case strings([String])
    }

    private static func decodeFixed(_ bytes: Data, kind: Kind, little: Bool, count: Int,
                                    bad: (String) -> InferenceDataError) throws -> ChunkItems {
        let size: Int
        switch kind {
        case .float(let n), .signed(let n), .unsigned(let n): size = n
        case .bool: size = 1
        case .unicode(let n): size = 4 * n
        case .vlenUTF8: size = 0
        }
        guard bytes.count == size * count else {
            throw bad("a chunk has \(bytes.count) bytes, but \(count) items of \(size) bytes need \(size * count)")
        }
        let b = [UInt8](bytes)
        func word(_ offset: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<n {
                let byte = UInt64(little ? b[offset + k] : b[offset + n - 1 - k])
                v |= byte << (8 * UInt64(k))
            }
            return v
        }
        if case .unicode(let n) = kind {
            return .strings((0..<count).map { i in
                var scalars = String.UnicodeScalarView()
                for k in 0..<n {
                    let v = UInt32(word(i * size + 4 * k, 4))
                    if v == 0 { break }
                    scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                }
                return String(scalars)
            })
        }
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let o = i * size
            switch kind {
            case .float(8): out[i] = Double(bitPattern: word(o, 8))
            case .float: out[i] = Double(Float(bitPattern: UInt32(word(o, 4))))
            case .signed(let n):
                let shift = UInt64(64 - 8 * n)
                out[i] = Double(Int64(bitPattern: word(o, n) << shift) >> Int64(shift))
            case .unsigned(let n): out[i] = Double(word(o, n))
            case .bool: out[i] = b[o] != 0 ? 1 : 0
            case .unicode, .vlenUTF8: break
            }
        }
        return .numbers(out)
    }

    /// numcodecs' `vlen-utf8`: a little-endian `u32` item count, then per item a `u32` byte length
    /// and the UTF-8 bytes.
    private static func decodeVlenUTF8(_ bytes: Data, expected: Int,
                                       bad: (String) -> InferenceDataError) throws -> [String] {
        let b = [UInt8](bytes)
        var position = 0
        func u32() throws -> Int {
            guard position + 4 <= b.count else { throw bad("a vlen-utf8 chunk ends early") }
            let v = Int(b[position]) | Int(b[position + 1]) << 8 | Int(b[position + 2]) << 16 | Int(b[position + 3]) << 24
            position += 4
            return v
        }
        let n = try u32()
        guard n == expected else { throw bad("a vlen-utf8 chunk has \(n) items, expected \(expected)") }
        var out = [String]()
        for _ in 0..<n {
            let length = try u32()
            guard position + length <= b.count else { throw bad("a vlen-utf8 chunk ends early") }
            out.append(String(decoding: b[position..<(position + length)], as: UTF8.self))
            position += length
        }
        return out
    }
}
