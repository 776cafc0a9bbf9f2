import Foundation
import Tessera

// MARK: - Writing

extension InferenceData {
    /// Writes the inference data as a Zarr v2 store (a directory), the layout ArviZ's `to_zarr`
    /// and xarray's `DataTree.to_zarr` make:
    ///
    /// ```
    /// fit.zarr/.zgroup  .zattrs (attrs)  .zmetadata (all metadata, consolidated)
    /// fit.zarr/posterior/.zgroup  .zattrs
    /// fit.zarr/posterior/mu/.zarray  .zattrs {"_ARRAY_DIMENSIONS": ["chain", "draw"]}  0.0
    /// fit.zarr/posterior/chain/…     (a coordinate array for every dim)
    /// ```
    /// Arrays are uncompressed, one chunk each, little-endian. `xarray.open_zarr(path, group:
    /// "posterior")`, `xarray.open_datatree(path, engine: "zarr")` and `arviz.from_zarr` open it.
    ///
    /// The write is atomic: the store is built in a hidden directory beside the target and renamed
    /// over it, so the target is always either the old store whole or the new one whole.
    ///
    /// ```swift
    /// try idata.write(to: "fit.zarr")
    /// ```
    /// - Throws: ``InferenceDataError/io(_:)`` when the folder does not exist, the target exists and
    ///   is not a Zarr store (it is then left alone), or a file cannot be written.
    public func write(to path: String) throws {
        try write(to: URL(fileURLWithPath: path))
    }

    /// Writes the inference data as a Zarr v2 store at a file URL; see ``write(to:)-(String)``.
    public func write(to url: URL) throws {
        let entries = try zarrEntries()
        try AtomicDirectory.write(to: url, replacing: { existing in
            let fm = FileManager.default
            let isStore = fm.fileExists(atPath: existing.appendingPathComponent(".zgroup").path)
                || fm.fileExists(atPath: existing.appendingPathComponent(".zmetadata").path)
            let isEmpty = ((try? fm.contentsOfDirectory(atPath: existing.path)) ?? ["?"]).isEmpty
            guard isStore || isEmpty else {
                throw InferenceDataError.io(
                    "write: \(existing.path) exists and is not a Zarr store; remove it or choose another path")
            }
        }, build: { root in
            let fm = FileManager.default
            for (path, data) in entries {
                let file = root.appendingPathComponent(path)
                try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fm.createFile(atPath: file.path, contents: data) else {
                    throw InferenceDataError.io("write: could not write \(file.path)")
                }
            }
        })
    }

    /// Every file of the store, by path relative to its root, ending with `.zmetadata`.
    func zarrEntries() throws -> [(path: String, data: Data)] {
        var files: [(path: String, data: Data)] = []
        var metadata: [(key: String, value: JSONValue)] = []
        func add(_ path: String, _ json: JSONValue) {
            metadata.append((path, json))
            files.append((path, Data(json.serialized().utf8)))
        }
        add(".zgroup", .object([("zarr_format", .int(2))]))
        add(".zattrs", Self.json(attrs))
        for group in groups {
            let ds = self[group]
            let g = group.rawValue
            add("\(g)/.zgroup", .object([("zarr_format", .int(2))]))
            add("\(g)/.zattrs", Self.json(ds.attrs))
            func addArray(_ name: String, dims: [String], shape: [Int],
                          encoded: (dtype: String, fill: JSONValue, bytes: Data)) {
                add("\(g)/\(name)/.zarray", ZarrArrayCodec.metadata(shape: shape, dtype: encoded.dtype, fillValue: encoded.fill))
                add("\(g)/\(name)/.zattrs", .object([("_ARRAY_DIMENSIONS", .array(dims.map { .string($0) }))]))
                if shape.reduce(1, *) > 0 {
                    files.append(("\(g)/\(name)/\(ZarrArrayCodec.chunkKey(rank: shape.count))", encoded.bytes))
                }
            }
            for name in ds.names {
                let v = ds[name]!
                addArray(name, dims: ds.dims(of: name)!, shape: v.shape, encoded: ZarrArrayCodec.encode(v))
            }
            for d in ds.dimNames {
                let c = ds.coords[d]!
                addArray(d, dims: [d], shape: [c.count], encoded: ZarrArrayCodec.encode(c))
            }
        }
        let consolidated = JSONValue.object([("metadata", .object(metadata)), ("zarr_consolidated_format", .int(1))])
        files.append((".zmetadata", Data(consolidated.serialized().utf8)))
        return files
    }

    static func json(_ attrs: [String: AttributeValue]) -> JSONValue {
        func value(_ a: AttributeValue) -> JSONValue {
            switch a {
            case .string(let s): .string(s)
            case .int(let i): .int(i)
            case .double(let d): .double(d)
            case .bool(let b): .bool(b)
            case .list(let l): .array(l.map(value))
            }
        }
        return .object(attrs.keys.sorted().map { ($0, value(attrs[$0]!)) })
    }
}

// MARK: - Reading

extension InferenceData {
    /// Reads inference data from a Zarr v2 store: one that ``write(to:)-(URL)`` wrote, or an
    /// uncompressed one from ArviZ or xarray.
    ///
    /// The consolidated metadata (`.zmetadata`) is used when present (the variable order is then the
    /// order written); otherwise the directories are listed (sorted). Groups that are not among
    /// ``Group`` (`predictions`, …) are skipped.
    ///
    /// - Throws: ``InferenceDataError/unreadableStore(_:)`` when the store is not Zarr v2, an array is
    ///   compressed or of an unsupported dtype, or lacks xarray's `_ARRAY_DIMENSIONS`;
    ///   ``InferenceDataError/io(_:)`` when it cannot be read.
    public init(contentsOf url: URL) throws {
        let root = url.standardizedFileURL
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InferenceDataError.io("InferenceData: no Zarr store (directory) at \(root.path)")
        }
        func readData(_ relative: String) throws -> Data? {
            let file = root.appendingPathComponent(relative)
            guard fm.fileExists(atPath: file.path) else { return nil }
            do { return try Data(contentsOf: file) } catch {
                throw InferenceDataError.io("InferenceData: could not read \(file.path): \(error.localizedDescription)")
            }
        }
        let metadata = try Self.metadata(root: root, read: readData)
        let byKey = Dictionary(metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        func meta(_ key: String) -> JSONValue? { byKey[key] }
        guard meta(".zgroup")?["zarr_format"]?.intValue == 2 else {
            throw InferenceDataError.unreadableStore("InferenceData: \(root.path) is not a Zarr v2 group (no .zgroup with zarr_format 2)")
        }
        self.init(attrs: Self.attributes(meta(".zattrs")))
        for group in Group.allCases {
            let g = group.rawValue
            guard meta("\(g)/.zgroup") != nil else { continue }
            // The arrays of the group, in metadata order, with their dims.
            var arrays: [(name: String, dims: [String], meta: JSONValue)] = []
            for (key, value) in metadata {
                let parts = key.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0] == g, parts[2] == ".zarray" else { continue }
                let name = String(parts[1])
                guard let dims = meta("\(g)/\(name)/.zattrs")?["_ARRAY_DIMENSIONS"]?.arrayValue?.compactMap(\.stringValue) else {
                    throw InferenceDataError.unreadableStore(
                        "InferenceData: array '\(g)/\(name)' has no _ARRAY_DIMENSIONS attribute; it was not written by xarray or Tessera")
                }
                arrays.append((name, dims, value))
            }
            let allDims = Set(arrays.flatMap(\.dims))
            var coords = [String: CoordinateLabels]()
            var variables: [(name: String, dims: [String], values: NDArray)] = []
            for a in arrays {
                let decoded = try ZarrArrayCodec.decode(metadata: a.meta, path: "\(g)/\(a.name)") {
                    try readData("\(g)/\(a.name)/\($0)")
                }
                if allDims.contains(a.name) && a.dims == [a.name] {
                    switch decoded {
                    case .strings(let s): coords[a.name] = .strings(s)
                    case .numbers(let x):
                        let ints = x.doubles.compactMap { Int(exactly: $0) }
                        guard ints.count == x.count else {
                            throw InferenceDataError.unreadableStore(
                                "InferenceData: coordinate '\(g)/\(a.name)' holds non-integer numbers; only integer or string labels are supported")
                        }
                        coords[a.name] = .integers(ints)
                    }
                } else {
                    guard case .numbers(let x) = decoded else {
                        throw InferenceDataError.unreadableStore("InferenceData: variable '\(g)/\(a.name)' holds strings; only numbers are supported")
                    }
                    variables.append((a.name, a.dims, x))
                }
            }
            var ds = Dataset()
            ds.attrs = Self.attributes(meta("\(g)/.zattrs"))
            for v in variables {
                do {
                    try ds.set(v.name, v.values, dims: v.dims, coords: coords.filter { v.dims.contains($0.key) })
                } catch let e as InferenceDataError {
                    throw InferenceDataError.unreadableStore("InferenceData: group '\(g)': \(e)")
                }
            }
            self[group] = ds
        }
    }

    /// Reads inference data from a Zarr v2 store at a path; see ``init(contentsOf:)``.
    public init(contentsOf path: String) throws {
        try self.init(contentsOf: URL(fileURLWithPath: path))
    }

    /// All metadata documents of a store by key: from `.zmetadata`, or by listing the directories.
    private static func metadata(root: URL, read: (String) throws -> Data?) throws -> [(key: String, value: JSONValue)] {
        if let data = try read(".zmetadata") {
            let json = try JSONValue.parse(data, source: ".zmetadata")
            guard case .object(let members)? = json["metadata"] else {
                throw InferenceDataError.unreadableStore("InferenceData: .zmetadata has no 'metadata' object")
            }
            return members
        }
        var out: [(key: String, value: JSONValue)] = []
        func walk(_ relative: String) throws {
            for name in [".zgroup", ".zarray", ".zattrs"] {
                let key = relative.isEmpty ? name : "\(relative)/\(name)"
                if let data = try read(key) { out.append((key, try JSONValue.parse(data, source: key))) }
            }
            let dir = relative.isEmpty ? root : root.appendingPathComponent(relative)
            let children = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for child in children.sorted() where !child.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                let path = dir.appendingPathComponent(child).path
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    try walk(relative.isEmpty ? child : "\(relative)/\(child)")
                }
            }
        }
        try walk("")
        return out
    }

    /// Attributes from a `.zattrs` document (nested objects kept as JSON text, nulls dropped).
    private static func attributes(_ json: JSONValue?) -> [String: AttributeValue] {
        guard case .object(let members)? = json else { return [:] }
        func value(_ j: JSONValue) -> AttributeValue? {
            switch j {
            case .null: nil
            case .bool(let b): .bool(b)
            case .int(let i): .int(i)
            case .double(let d): .double(d)
            case .string(let s): .string(s)
            case .array(let a): .list(a.compactMap(value))
            case .object: .string(j.serialized())
            }
        }
        var out = [String: AttributeValue]()
        for (k, v) in members { if let a = value(v) { out[k] = a } }
        return out
    }
}
