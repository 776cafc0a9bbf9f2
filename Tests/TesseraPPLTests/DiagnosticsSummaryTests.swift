import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// The posterior of the fixture's summary record, as ArviZ built it with `az.from_dict`.
func summaryPosterior() throws -> (InferenceData, [[String: Any]]) {
    let f = try DiagnosticsFixture.load()
    let record = f.root["summary"] as! [String: Any]
    let arrays = record["posterior"] as! [String: Any]
    var samples = [String: NDArray]()
    for (k, v) in arrays { samples[k] = try Fixture.array(v) }
    let posterior = try Dataset(samples: samples, order: record["order"] as? [String],
                                dims: ["theta": ["school"]],
                                coords: ["school": .strings(record["school"] as! [String])])
    return (InferenceData(posterior: posterior), record["tables"] as! [[String: Any]])
}

@Suite struct DiagnosticsSummaryTests {
    @Test func valuesMatchArviZ() throws {
        let (idata, tables) = try summaryPosterior()
        for t in tables {
            let varNames = t["var_names"] as? [String]
            let prob = Fixture.double(t["hdi_prob"]!)
            let table = try summary(idata, varNames: varNames, hdiProb: prob, roundTo: .none)
            #expect(table.columns == t["columns"] as! [String])
            #expect(table.index == t["index"] as! [String])
            let expected = (t["values"] as! [[Any]]).map { $0.map(Fixture.double) }
            for (r, row) in expected.enumerated() {
                for (c, e) in row.enumerated() {
                    expectRelative(table.values[r][c], e, "\(table.index[r]) \(table.columns[c]) (hdi \(prob))")
                }
            }
        }
    }

    @Test func roundedAsArviZ() throws {
        let (idata, tables) = try summaryPosterior()
        for t in tables {
            let table = try summary(idata, varNames: t["var_names"] as? [String], hdiProb: Fixture.double(t["hdi_prob"]!))
            let expected = (t["rounded"] as! [[Any]]).map { $0.map(Fixture.double) }
            #expect(table.values == expected)
        }
    }

    @Test func printsAsArviZ() throws {
        let (idata, tables) = try summaryPosterior()
        for t in tables {
            let table = try summary(idata, varNames: t["var_names"] as? [String], hdiProb: Fixture.double(t["hdi_prob"]!))
            let printed = t["printed"] as! String
            #expect(table.description == printed, "Tessera:\n\(table)\nArviZ:\n\(printed)")
        }
    }

    @Test func summaryColumnsAgreeWithTheSingleDiagnostics() throws {
        let (idata, _) = try summaryPosterior()
        let table = try summary(idata, roundTo: .none)
        let theta = idata.posterior["theta"]!
        let bulk = try ess(theta)
        let tail = try ess(theta, method: .tail)
        let interval = try hdi(theta)
        for (i, school) in ["Choate", "Deerfield", "Phillips"].enumerated() {
            #expect(table["theta[\(school)]", "ess_bulk"] == bulk.doubles[i])
            #expect(table["theta[\(school)]", "ess_tail"] == tail.doubles[i])
            #expect(table["theta[\(school)]", "hdi_3%"] == interval.doubles[2 * i])
            #expect(table["theta[\(school)]", "hdi_97%"] == interval.doubles[2 * i + 1])
        }
        #expect(table.column("r_hat")?.count == table.index.count)
        #expect(table["nope", "mean"] == nil && table.column("nope") == nil)
    }

    @Test func datasetDiagnosticsKeepTheDimsAndCoords() throws {
        let (idata, _) = try summaryPosterior()
        let r = try rhat(idata)
        #expect(r.names == ["mu", "theta", "beta", "sigma"])
        #expect(r.dims(of: "theta") == ["school"])
        #expect(r.coords["school"] == .strings(["Choate", "Deerfield", "Phillips"]))
        #expect(r.dims(of: "beta") == ["beta_dim_0", "beta_dim_1"])
        #expect(r["mu"]!.shape == [])
        let h = try hdi(idata, varNames: ["theta"], hdiProb: 0.5)
        #expect(h.names == ["theta"])
        #expect(h.dims(of: "theta") == ["school", "hdi"])
        #expect(h.coords["hdi"] == .strings(["lower", "higher"]))
        #expect(try ess(idata, varNames: ["sigma"], method: .bulk)["sigma"]!.shape == [])
        #expect(try mcse(idata, method: .sd).names.count == 4)
    }

    @Test func roundingOptions() throws {
        let (idata, _) = try summaryPosterior()
        let raw = try summary(idata, varNames: ["mu"], roundTo: .none)
        let one = try summary(idata, varNames: ["mu"], roundTo: .decimals(1))
        for (a, b) in zip(raw.values[0], one.values[0]) { #expect(b == (a * 10).rounded(.toNearestOrEven) / 10) }
        #expect(numpyRound(2.5, decimals: 0) == 2 && numpyRound(0.125, decimals: 2) == 0.12)
        #expect(numpyRound(1234.5, decimals: -1) == 1230)
    }

    @Test func pandasFormatting() {
        // pandas: '{: .6f}' then trailing zeros trimmed down the column.
        #expect(pandasFormat([1.0, 2.5]) == [" 1.0", " 2.5"])
        #expect(pandasFormat([-0.25, 10]) == ["-0.25", " 10.00"])
        #expect(pandasFormat([.nan, 1]) == ["NaN", " 1.0"])
        // A non-zero value that would show as 0 switches the column to scientific notation.
        #expect(pandasFormat([1e-8, 2]) == [" 1.000000e-08", " 2.000000e+00"])
    }

    @Test func summaryErrors() throws {
        let (idata, _) = try summaryPosterior()
        expectDiagnosticsError("no variable 'nope'") { _ = try summary(idata, varNames: ["nope"]) }
        expectDiagnosticsError("hdiProb") { _ = try summary(idata, hdiProb: 0) }
        expectDiagnosticsError("no prior group") { _ = try summary(idata, group: .prior) }
        var data = Dataset()
        try data.set("y", try NDArray([1.0, 2.0]), dims: ["obs"])
        expectDiagnosticsError("(chain, draw") { _ = try summary(data) }
        expectDiagnosticsError("(chain, draw") { _ = try rhat(data) }
        // No posterior: the prior is summarised, as ArviZ does.
        let prior = InferenceData(prior: idata.posterior)
        #expect(try summary(prior).index == (try summary(idata)).index)
    }
}
