import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// A small inference data with every kind of content a store holds: float64 draws with string
/// and default coords, int64 and bool sampler statistics, float32, a 0-d constant, non-finite
/// values and non-ASCII labels.
func sampleInferenceData() throws -> InferenceData {
    let chains = 2, draws = 5
    func filled(_ shape: [Int], _ f: (Int) -> Double) throws -> NDArray {
        try NDArray(shape: shape, elements: (0..<shape.reduce(1, *)).map(f))
    }
    var muValues = (0..<(chains * draws)).map { 0.1 * Double($0) - 0.35 }
    muValues[3] = .nan
    muValues[7] = .infinity
    let posterior = try Dataset(
        samples: [
            "mu": try NDArray(shape: [chains, draws], elements: muValues),
            "theta": try filled([chains, draws, 3]) { Double($0) / 7 },
            "beta": try filled([chains, draws, 2, 2]) { -Double($0) * 1e-300 },
        ],
        order: ["mu", "theta", "beta"],
        dims: ["theta": ["school"]],
        coords: ["school": .strings(["Choate", "Zürich", "日本🎓"]), "unused": .strings(["x"])])
    let stats = try Dataset(samples: [
        "diverging": try NDArray(shape: [chains, draws], elements: (0..<10).map { $0 % 3 == 0 ? 1 : 0 }, dtype: .bool),
        "tree_depth": try NDArray(shape: [chains, draws], elements: (0..<10).map { Double($0 % 4 + 1) }, dtype: .int64),
        "step_size": try NDArray(shape: [chains, draws], elements: (0..<10).map { 0.5 + Double($0) / 16 }, dtype: .float32),
    ])
    let observed = try Dataset(data: ["y": try NDArray([3.0, 4, 5])], dims: ["y": ["obs_id"]],
                               coords: ["obs_id": .integers([10, 20, 30])])
    let constant = try Dataset(data: ["n": NDArray(42.0).astype(.int64), "x": try NDArray([[1.0, 2], [3, 4]])])
    var idata = InferenceData(posterior: posterior, sampleStats: stats, observedData: observed, constantData: constant)
    idata.attrs["sampling_time"] = 1.5
    idata.attrs["tuning_steps"] = 1000
    idata.attrs["note"] = "quote \" and newline \n"
    return idata
}

/// Whether two inference data hold the same groups, variables (order, dims, dtype and the bits of
/// every value, so nan matches nan), coords and attributes. (`==` on NDArray follows `Double`'s,
/// where nan differs from itself.)
func same(_ a: InferenceData, _ b: InferenceData) -> Bool {
    guard a.groups == b.groups, a.attrs == b.attrs else { return false }
    for g in a.groups {
        let x = a[g], y = b[g]
        guard x.names == y.names, x.coords == y.coords, x.attrs == y.attrs else { return false }
        for n in x.names {
            guard let u = x[n], let v = y[n], u.shape == v.shape, u.dtype == v.dtype, x.dims(of: n) == y.dims(of: n),
                  u.doubles.map(\.bitPattern) == v.doubles.map(\.bitPattern) else { return false }
        }
    }
    return true
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-idata-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct InferenceDataTests {
    // MARK: - Building

    @Test func fromChainsStacksDrawsAndNamesDims() throws {
        let c0 = ["mu": try NDArray([1.0, 2, 3]), "theta": try NDArray(shape: [3, 2], elements: [1, 2, 3, 4, 5, 6])]
        let c1 = ["mu": try NDArray([4.0, 5, 6]), "theta": try NDArray(shape: [3, 2], elements: [7, 8, 9, 10, 11, 12])]
        let idata = try InferenceData(chains: [c0, c1])
        let mu = idata.posterior["mu"]!
        #expect(mu.shape == [2, 3])
        #expect(mu.doubles == [1, 2, 3, 4, 5, 6])
        #expect(idata.posterior["theta"]!.shape == [2, 3, 2])
        #expect(idata.posterior["theta"]![1, 0, 1] == 8)
        #expect(idata.posterior.names == ["mu", "theta"])
        #expect(idata.posterior.dims(of: "theta") == ["chain", "draw", "theta_dim_0"])
        #expect(idata.posterior.coords["chain"] == .integers([0, 1]))
        #expect(idata.posterior.coords["draw"] == .integers([0, 1, 2]))
        #expect(idata.posterior.coords["theta_dim_0"] == .integers([0, 1]))
        #expect(idata.posterior.chainCount == 2 && idata.posterior.drawCount == 3)
        #expect(idata.posterior.hasSampleDims)
        #expect(idata.groups == [.posterior])
        #expect(idata.posterior["nope"] == nil)
    }

    @Test func fromPointsMatchesFromChains() throws {
        let points: [[[String: NDArray]]] = try (0..<2).map { c in
            try (0..<4).map { d in ["a": NDArray(Double(10 * c + d)), "b": try NDArray([Double(c), Double(d)])] }
        }
        let ds = try Dataset(points: points, order: ["b"])
        #expect(ds.names == ["b", "a"])
        #expect(ds["a"]!.shape == [2, 4] && ds["a"]!.doubles == [0, 1, 2, 3, 10, 11, 12, 13])
        #expect(ds["b"]!.shape == [2, 4, 2] && ds["b"]![1, 2, 0] == 1 && ds["b"]![1, 2, 1] == 2)
        let chains = try Dataset(chains: [["a": try NDArray([0.0, 1, 2, 3])], ["a": try NDArray([10.0, 11, 12, 13])]])
        #expect(chains["a"] == ds["a"])
    }

    @Test func dimsCoordsAndAttributes() throws {
        let idata = try sampleInferenceData()
        let post = idata.posterior
        #expect(post.names == ["mu", "theta", "beta"])
        #expect(post.dims(of: "theta") == ["chain", "draw", "school"])
        #expect(post.dims(of: "beta") == ["chain", "draw", "beta_dim_0", "beta_dim_1"])
        #expect(post.coords["school"] == .strings(["Choate", "Zürich", "日本🎓"]))
        #expect(post.coords["unused"] == nil)
        #expect(post.dimNames == ["chain", "draw", "school", "beta_dim_0", "beta_dim_1"])
        #expect(post.sizes["school"] == 3)
        #expect(idata.observedData.dims(of: "y") == ["obs_id"])
        #expect(idata.observedData.coords["obs_id"] == .integers([10, 20, 30]))
        #expect(!idata.observedData.hasSampleDims)
        #expect(idata.constantData.dims(of: "n") == [])
        #expect(idata.groups == [.posterior, .sampleStats, .observedData, .constantData])
        #expect(idata[.sampleStats]["tree_depth"]!.dtype == .int64)
        // ArviZ's attributes, on the whole and on each group.
        #expect(idata.attrs["inference_library"] == "tessera")
        #expect(idata.attrs["inference_library_version"] == .string(InferenceData.libraryVersion))
        #expect(idata.attrs["created_at"]?.stringValue?.hasSuffix("Z") == true)
        #expect(idata.posterior.attrs["inference_library"] == "tessera")
        #expect(idata.description.contains("> posterior (chain: 2, draw: 5, school: 3, beta_dim_0: 2, beta_dim_1: 2): mu, theta, beta"))
        #expect(post.description.contains("theta       (chain, draw, school) float64"))
        #expect(post.description.contains("* school      (school) Choate Zürich 日本🎓"))
    }

    @Test func settingAndRemovingVariables() throws {
        var ds = Dataset()
        try ds.set("a", try NDArray([1.0, 2]), dims: ["x"], coords: ["x": .strings(["p", "q"])])
        try ds.set("b", try NDArray([3.0, 4]), dims: ["x"])
        #expect(ds.coords["x"] == .strings(["p", "q"]))
        try ds.set("a", try NDArray([[1.0]]), dims: ["u", "v"])  // replaced, keeps its place
        #expect(ds.names == ["a", "b"])
        #expect(ds.dims(of: "a") == ["u", "v"])
        ds.remove("b")
        #expect(ds.names == ["a"] && ds.coords["x"] == nil)
        ds.remove("nothing")
        let selected = try sampleInferenceData().posterior.selecting(["beta", "mu"])
        #expect(selected.names == ["beta", "mu"] && selected.coords["school"] == nil)
    }

    @Test func invalidInputThrows() throws {
        var ds = Dataset()
        try ds.set("a", try NDArray([1.0, 2]), dims: ["x"])
        expectDiagnosticsError("dim 'x' has length 2") { try ds.set("b", try NDArray([1.0, 2, 3]), dims: ["x"]) }
        expectDiagnosticsError("1 dims were given") { try ds.set("b", try NDArray([[1.0]]), dims: ["x"]) }
        expectDiagnosticsError("3 labels") { try ds.set("b", try NDArray([1.0, 2]), dims: ["y"], coords: ["y": .range(3)]) }
        expectDiagnosticsError("already has labels") { try ds.set("b", try NDArray([1.0, 2]), dims: ["x"], coords: ["x": .strings(["a", "b"])]) }
        expectDiagnosticsError("names a dim twice") { try ds.set("b", try NDArray([[1.0]]), dims: ["y", "y"]) }
        expectDiagnosticsError("name of a dim") { try ds.set("x", try NDArray([1.0, 2]), dims: ["z"]) }
        expectDiagnosticsError("name of a variable") { try ds.set("c", try NDArray([1.0]), dims: ["a"]) }
        expectDiagnosticsError("cannot be used") { try ds.set("a/b", NDArray(1.0), dims: []) }
        expectDiagnosticsError("cannot be used") { try ds.set(".hidden", NDArray(1.0), dims: []) }
        expectDiagnosticsError("cannot be used") { try ds.set("", NDArray(1.0), dims: []) }
        expectDiagnosticsError("[chain, draw") { _ = try Dataset(samples: ["m": try NDArray([1.0])]) }
        expectDiagnosticsError("2 dims were given") {
            _ = try Dataset(samples: ["m": NDArray(repeating: 0, shape: [1, 2, 3])], dims: ["m": ["a", "b"]])
        }
        expectDiagnosticsError("no chains") { _ = try Dataset(chains: []) }
        expectDiagnosticsError("shape [3] in chain 1") {
            _ = try Dataset(chains: [["m": try NDArray([1.0, 2])], ["m": try NDArray([1.0, 2, 3])]])
        }
        expectDiagnosticsError("chain 1 has no variable") { _ = try Dataset(chains: [["m": try NDArray([1.0])], ["n": try NDArray([1.0])]]) }
        expectDiagnosticsError("chain 1 has variables") {
            _ = try Dataset(chains: [["m": try NDArray([1.0])], ["m": try NDArray([1.0]), "n": try NDArray([1.0])]])
        }
        expectDiagnosticsError("chain 1 has 1 draws") {
            _ = try Dataset(points: [[["m": NDArray(1.0)], ["m": NDArray(2.0)]], [["m": NDArray(1.0)]]])
        }
        expectDiagnosticsError("not among the variables") { _ = try Dataset(data: ["a": NDArray(1.0)], order: ["b"]) }
        expectDiagnosticsError("no variable 'q'") { _ = try ds.selecting(["q"]) }
    }

    // MARK: - Zarr

    @Test func zarrRoundTrip() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idata = try sampleInferenceData()
        let store = dir.appendingPathComponent("fit.zarr")
        try idata.write(to: store.path)
        let back = try InferenceData(contentsOf: store)
        #expect(same(back, idata))
        #expect(back.posterior.names == ["mu", "theta", "beta"])
        #expect(back.posterior["mu"]!.doubles[3].isNaN && back.posterior["mu"]!.doubles[7] == .infinity)
        #expect(back.sampleStats["diverging"]!.dtype == .bool)
        #expect(back.sampleStats["step_size"]!.dtype == .float32)
        #expect(back.attrs["note"] == "quote \" and newline \n")
        #expect(back.attrs["sampling_time"] == 1.5)
        let viaPath = try InferenceData(contentsOf: store.path)
        #expect(same(viaPath, idata))
    }

    @Test func zarrLayout() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("fit.zarr")
        try sampleInferenceData().write(to: store)
        func json(_ path: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent(path))) as! [String: Any]
        }
        #expect(try json(".zgroup")["zarr_format"] as? Int == 2)
        #expect(try json("posterior/.zgroup")["zarr_format"] as? Int == 2)
        #expect(try json(".zattrs")["inference_library"] as? String == "tessera")
        let theta = try json("posterior/theta/.zarray")
        #expect(theta["zarr_format"] as? Int == 2)
        #expect(theta["shape"] as? [Int] == [2, 5, 3] && theta["chunks"] as? [Int] == [2, 5, 3])
        #expect(theta["dtype"] as? String == "<f8" && theta["order"] as? String == "C")
        #expect(theta["compressor"] is NSNull && theta["filters"] is NSNull)
        #expect(theta["fill_value"] as? String == "NaN")
        #expect(try json("posterior/theta/.zattrs")["_ARRAY_DIMENSIONS"] as? [String] == ["chain", "draw", "school"])
        #expect(try json("posterior/school/.zarray")["dtype"] as? String == "<U6")  // "Choate"
        #expect(try json("sample_stats/tree_depth/.zarray")["dtype"] as? String == "<i8")
        #expect(try json("sample_stats/diverging/.zarray")["dtype"] as? String == "|b1")
        #expect(try json("sample_stats/step_size/.zarray")["dtype"] as? String == "<f4")
        #expect(try json("constant_data/n/.zarray")["shape"] as? [Int] == [])
        // Chunk files: "0.0.0", "0" for 1-d and 0-d; raw little-endian.
        let chunk = try Data(contentsOf: store.appendingPathComponent("posterior/theta/0.0.0"))
        #expect(chunk.count == 30 * 8)
        let second = chunk.subdata(in: 8..<16).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(Double(bitPattern: second) == 1.0 / 7)
        let label = try Data(contentsOf: store.appendingPathComponent("posterior/school/0"))
        #expect(label.count == 3 * 6 * 4)
        #expect(Array(label.prefix(8)) == [0x43, 0, 0, 0, 0x68, 0, 0, 0])  // "Ch" in UCS-4 LE
        let n = try Data(contentsOf: store.appendingPathComponent("constant_data/n/0"))
        #expect(Array(n) == [42, 0, 0, 0, 0, 0, 0, 0])
        #expect(try Data(contentsOf: store.appendingPathComponent("posterior/chain/0")).count == 16)
        // Consolidated metadata: every document, in the order written.
        let meta = try json(".zmetadata")
        #expect(meta["zarr_consolidated_format"] as? Int == 1)
        let docs = meta["metadata"] as! [String: Any]
        #expect(docs[".zgroup"] != nil && docs["posterior/mu/.zarray"] != nil && docs["observed_data/obs_id/.zattrs"] != nil)
        #expect((docs["posterior/mu/.zattrs"] as? [String: Any])?["_ARRAY_DIMENSIONS"] as? [String] == ["chain", "draw"])
    }

    @Test func readingWithoutConsolidatedMetadataListsTheDirectories() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("fit.zarr")
        let idata = try sampleInferenceData()
        try idata.write(to: store)
        try FileManager.default.removeItem(at: store.appendingPathComponent(".zmetadata"))
        let back = try InferenceData(contentsOf: store)
        #expect(back.posterior.names == ["beta", "mu", "theta"])  // sorted listing
        for g in idata.groups {
            for name in idata[g].names {
                let (u, v) = (back[g][name]!, idata[g][name]!)
                #expect(u.dtype == v.dtype && u.doubles.map(\.bitPattern) == v.doubles.map(\.bitPattern))
                #expect(back[g].dims(of: name) == idata[g].dims(of: name))
            }
        }
        #expect(back.posterior.coords == idata.posterior.coords)
        #expect(back.attrs == idata.attrs)
    }

    @Test func readingSeveralChunksAndVariableLengthStrings() throws {
        // A store as zarr-python writes with small chunks: x of shape [3, 2] in chunks [2, 2]
        // (the last chunk padded), and string coords encoded vlen-utf8.
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("ext.zarr")
        func put(_ path: String, _ text: String) throws {
            let url = store.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func putBytes(_ path: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: store.appendingPathComponent(path))
        }
        func le64(_ x: Double) -> [UInt8] { withUnsafeBytes(of: x.bitPattern.littleEndian, Array.init) }
        func le32(_ x: UInt32) -> [UInt8] { withUnsafeBytes(of: x.littleEndian, Array.init) }
        try put(".zgroup", #"{"zarr_format": 2}"#)
        try put("observed_data/.zgroup", #"{"zarr_format": 2}"#)
        try put("observed_data/x/.zarray", """
            {"chunks": [2, 2], "compressor": null, "dtype": "<f8", "fill_value": 0.0, "filters": null,
             "order": "C", "shape": [3, 2], "zarr_format": 2}
            """)
        try put("observed_data/x/.zattrs", #"{"_ARRAY_DIMENSIONS": ["row", "col"]}"#)
        try putBytes("observed_data/x/0.0", [1.0, 2, 3, 4].flatMap(le64))
        try putBytes("observed_data/x/1.0", [5.0, 6, -1, -1].flatMap(le64))
        try put("observed_data/row/.zarray", """
            {"chunks": [3], "compressor": null, "dtype": "|O", "fill_value": null,
             "filters": [{"id": "vlen-utf8"}], "order": "C", "shape": [3], "zarr_format": 2}
            """)
        try put("observed_data/row/.zattrs", #"{"_ARRAY_DIMENSIONS": ["row"]}"#)
        var vlen = le32(3)
        for s in ["a", "bé", ""] { vlen += le32(UInt32(s.utf8.count)) + Array(s.utf8) }
        try putBytes("observed_data/row/0", vlen)
        let back = try InferenceData(contentsOf: store)
        #expect(back.observedData["x"] == (try NDArray(shape: [3, 2], elements: [1, 2, 3, 4, 5, 6])))
        #expect(back.observedData.coords["row"] == .strings(["a", "bé", ""]))
        #expect(back.observedData.coords["col"] == .integers([0, 1]))
        #expect(back.groups == [.observedData])
    }

    @Test func unreadableStoresThrow() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        expectDiagnosticsError("no Zarr store") { _ = try InferenceData(contentsOf: dir.appendingPathComponent("none.zarr")) }
        expectDiagnosticsError("not a Zarr v2 group") { _ = try InferenceData(contentsOf: dir) }
        let store = dir.appendingPathComponent("s.zarr")
        try sampleInferenceData().write(to: store)
        let zarray = store.appendingPathComponent("posterior/mu/.zarray")
        let text = try String(contentsOf: zarray, encoding: .utf8)
            .replacingOccurrences(of: "\"compressor\": null", with: "\"compressor\": {\"id\": \"blosc\"}")
        try Data(text.utf8).write(to: zarray)
        try FileManager.default.removeItem(at: store.appendingPathComponent(".zmetadata"))
        expectDiagnosticsError("compressed with 'blosc'") { _ = try InferenceData(contentsOf: store) }
        try Data("{\"zarr_format\": 2,".utf8).write(to: zarray)
        expectDiagnosticsError("invalid JSON") { _ = try InferenceData(contentsOf: store) }
    }

    // MARK: - Atomic writes

    @Test func writingOverAStoreReplacesItWhole() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("fit.zarr")
        let first = try sampleInferenceData()
        try first.write(to: store)
        let second = try InferenceData(prior: Dataset(samples: ["p": NDArray(repeating: 1, shape: [1, 4])]))
        try second.write(to: store)
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: store.appendingPathComponent("posterior").path))
        #expect(same(try InferenceData(contentsOf: store), second))
        // No temporary or set-aside directories remain beside it.
        #expect(try fm.contentsOfDirectory(atPath: dir.path) == ["fit.zarr"])
    }

    @Test func aFailedWriteLeavesTheOldStoreIntact() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("fit.zarr")
        let idata = try sampleInferenceData()
        try idata.write(to: store)
        struct Interrupted: Error {}
        #expect(throws: InferenceDataError.self) {
            try AtomicDirectory.write(to: store, replacing: { _ in }) { temporary in
                try Data("partial".utf8).write(to: temporary.appendingPathComponent(".zgroup"))
                throw Interrupted()
            }
        }
        #expect(same(try InferenceData(contentsOf: store), idata))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["fit.zarr"])
    }

    @Test func writingRefusesToReplaceWhatIsNotAStore() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep me".utf8).write(to: target.appendingPathComponent("notes.txt"))
        let idata = try sampleInferenceData()
        expectDiagnosticsError("is not a Zarr store") { try idata.write(to: target) }
        #expect(try String(contentsOf: target.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
        let file = dir.appendingPathComponent("file.zarr")
        try Data().write(to: file)
        expectDiagnosticsError("is a file") { try idata.write(to: file) }
        expectDiagnosticsError("does not exist") { try idata.write(to: dir.appendingPathComponent("no/such/fit.zarr")) }
        // An empty directory may be filled.
        let empty = dir.appendingPathComponent("empty.zarr")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        try idata.write(to: empty)
        #expect(same(try InferenceData(contentsOf: empty), idata))
    }

    // MARK: - CSV

    @Test func csvHasARowPerDrawAndAColumnPerElement() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idata = try sampleInferenceData()
        let out = dir.appendingPathComponent("csv")
        try idata.writeCSV(to: out.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["constant_data.csv", "observed_data.csv", "posterior.csv", "sample_stats.csv"])
        let posterior = try String(contentsOf: out.appendingPathComponent("posterior.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(posterior.count == 11)
        #expect(posterior[0] == #"chain,draw,mu,theta[0],theta[1],theta[2],"beta[0,0]","beta[0,1]","beta[1,0]","beta[1,1]""#)
        let mu = idata.posterior["mu"]!.doubles
        let theta = idata.posterior["theta"]!.doubles
        let beta = idata.posterior["beta"]!.doubles
        for r in 0..<10 {
            let cells = posterior[r + 1].split(separator: ",").map(String.init)
            #expect(cells.count == 10)
            #expect(cells[0] == String(r / 5) && cells[1] == String(r % 5))
            #expect(Double(cells[2]).map { $0 == mu[r] || ($0.isNaN && mu[r].isNaN) } == true, "\(cells[2]) vs \(mu[r])")
            for k in 0..<3 { #expect(Double(cells[3 + k]) == theta[3 * r + k]) }
            for k in 0..<4 { #expect(Double(cells[6 + k]) == beta[4 * r + k]) }
        }
        let stats = try String(contentsOf: out.appendingPathComponent("sample_stats.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(stats[0] == "chain,draw,diverging,step_size,tree_depth")  // sorted: no order was given
        #expect(stats[1] == "0,0,True,0.5,1" && stats[2] == "0,1,False,0.5625,2")
        let constant = try String(contentsOf: out.appendingPathComponent("constant_data.csv"), encoding: .utf8)
        #expect(constant == "n,\"x[0,0]\",\"x[0,1]\",\"x[1,0]\",\"x[1,1]\"\n42,1.0,2.0,3.0,4.0\n")
    }

    // MARK: - xarray

    @Test(.enabled(if: PythonXarray.isAvailable,
                   "needs python3 with xarray and zarr (python3 -m pip install xarray zarr); .ci/run installs them"))
    func xarrayReadsTheStore() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let idata = try sampleInferenceData()
        let store = dir.appendingPathComponent("fit.zarr")
        try idata.write(to: store)
        let expected = dir.appendingPathComponent("expected.json")
        try JSONSerialization.data(withJSONObject: PythonXarray.dump(idata), options: [.sortedKeys]).write(to: expected)
        let writeBack = dir.appendingPathComponent("xarray.zarr")
        let (status, output) = try PythonXarray.run(["Scripts/check_zarr.py", store.path, expected.path, writeBack.path])
        #expect(status == 0, "check_zarr.py failed:\n\(output)")
        #expect(output.contains("check_zarr: ok"), "\(output)")
        // The other direction: the same data written by xarray reads back here (xarray lists
        // variables sorted, so compare in sorted order).
        #expect(output.contains("check_zarr: wrote") || output.contains("no open_datatree"), "\(output)")
        guard output.contains("check_zarr: wrote") else { return }
        func sorted(_ x: InferenceData) throws -> InferenceData {
            var out = x
            for g in x.groups { out[g] = try x[g].selecting(x[g].names.sorted()) }
            return out
        }
        let fromXarray = try InferenceData(contentsOf: writeBack)
        #expect(same(try sorted(fromXarray), try sorted(idata)), "xarray's store reads back as:\n\(fromXarray)")
    }
}

/// Running the repository's Python checks.
enum PythonXarray {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `python3 -c "import xarray, zarr"` succeeds.
    static let isAvailable: Bool = (try? run(["-c", "import xarray, zarr"]).status == 0) ?? false

    /// Runs python3 with arguments in the repository root; its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        p.currentDirectoryURL = root
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// What Tessera wrote, in check_zarr.py's JSON form.
    static func dump(_ idata: InferenceData) -> [String: Any] {
        func number(_ x: Double, _ dtype: DType) -> Any {
            if x.isNaN { return "nan" }
            if x.isInfinite { return x > 0 ? "inf" : "-inf" }
            switch dtype {
            case .bool: return x != 0
            case .int64: return Int(x)
            default: return x
            }
        }
        func attrs(_ a: [String: AttributeValue]) -> [String: Any] {
            func value(_ v: AttributeValue) -> Any {
                switch v {
                case .string(let s): s
                case .int(let i): i
                case .double(let d): d
                case .bool(let b): b
                case .list(let l): l.map(value)
                }
            }
            return a.mapValues(value)
        }
        var groups = [String: Any]()
        for g in idata.groups {
            let ds = idata[g]
            var variables = [String: Any]()
            for n in ds.names {
                let v = ds[n]!
                variables[n] = ["dims": ds.dims(of: n)!, "shape": v.shape, "dtype": v.dtype.rawValue,
                                "data": v.doubles.map { number($0, v.dtype) }]
            }
            var coords = [String: Any]()
            for (d, c) in ds.coords {
                switch c {
                case .strings(let s): coords[d] = s
                case .integers(let i): coords[d] = i
                }
            }
            groups[g.rawValue] = ["attrs": attrs(ds.attrs), "variables": variables, "coords": coords]
        }
        return ["attrs": attrs(idata.attrs), "groups": groups]
    }
}
