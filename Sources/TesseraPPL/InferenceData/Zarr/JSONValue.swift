import Foundation

/// A JSON value whose objects keep their member order: Zarr metadata is JSON, and the order of
/// a store's arrays in `.zmetadata` is the order of a dataset's variables.
///
/// Numbers without a fraction or exponent parse as `.int`; the tokens `NaN`, `Infinity` and
/// `-Infinity` (which Python's `json` writes) parse as doubles.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// A member of an object, or `nil`.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var intValue: Int? {
        switch self {
        case .int(let i): i
        case .double(let d) where d == d.rounded() && Swift.abs(d) < 9e15: Int(d)
        default: nil
        }
    }

    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var isNull: Bool { self == .null }

    // MARK: - Writing

    /// The value as JSON text, indented by 4 spaces as Zarr writes its metadata.
    func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 4)
        let closePad = String(repeating: " ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN { out += "NaN" } else if d.isInfinite { out += d > 0 ? "Infinity" : "-Infinity" } else { out += "\(d)" }
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 4)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, m) in members.enumerated() {
                out += pad
                Self.writeString(m.key, to: &out)
                out += ": "
                m.value.write(to: &out, indent: indent + 4)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    // MARK: - Reading

    /// Parses JSON text.
    /// - Throws: ``InferenceDataError/unreadableStore(_:)`` naming the position of the first error.
    static func parse(_ data: Data, source: String) throws -> JSONValue {
        var parser = Parser(bytes: Array(data), source: source)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let source: String
        var position = 0

        func error(_ message: String) -> InferenceDataError {
            .unreadableStore("\(source): invalid JSON at byte \(position): \(message)")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ literal: String) throws {
            let l = Array(literal.utf8)
            guard position + l.count <= bytes.count, Array(bytes[position..<(position + l.count)]) == l else {
                throw error("expected '\(literal)'")
            }
            position += l.count
        }

        mutating func value() throws -> JSONValue {
            guard position < bytes.count else { throw error("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "N"): try expect("NaN"); return .double(.nan)
            case UInt8(ascii: "I"): try expect("Infinity"); return .double(.infinity)
            default: return try number()
            }
        }

        mutating func object() throws -> JSONValue {
            position += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
                let key = try string()
                skipSpace()
                try expect(":")
                skipSpace()
                members.append((key, try value()))
                skipSpace()
                guard position < bytes.count else { throw error("unexpected end in an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                throw error("expected ',' or '}'")
            }
        }

        mutating func array() throws -> JSONValue {
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard position < bytes.count else { throw error("unexpected end in an array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                throw error("expected ',' or ']'")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else {
                throw error("bad \\u escape")
            }
            position += 4
            return v
        }

        mutating func string() throws -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
            }
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    position += 1
                    flush()
                    return String(scalars)
                }
                if b == UInt8(ascii: "\\") {
                    flush()
                    position += 1
                    guard position < bytes.count else { break }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var v = try hex4()
                        if (0xD800..<0xDC00).contains(v), position + 6 <= bytes.count,
                           bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try hex4()
                            v = 0x10000 + ((v - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                    default: throw error("bad escape")
                    }
                    continue
                }
                run.append(b)
                position += 1
            }
            throw error("unterminated string")
        }

        mutating func number() throws -> JSONValue {
            let start = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "I") {
                    try expect("Infinity")
                    return .double(-.infinity)
                }
            }
            var isInteger = true
            while position < bytes.count {
                let b = bytes[position]
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                    position += 1
                } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                    isInteger = false
                    position += 1
                } else {
                    break
                }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if isInteger, let i = Int(text) { return .int(i) }
            guard let d = Double(text) else { position = start; throw error("expected a value") }
            return .double(d)
        }
    }
}
