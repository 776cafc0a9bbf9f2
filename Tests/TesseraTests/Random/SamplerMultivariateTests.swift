import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The multivariate samplers against SciPy through their marginals and covariances.
@Suite struct SamplerMultivariateTests {
    static func matrix(_ v: Any?) throws -> NDArray {
        let rows = (v as? [Any] ?? []).map(SamplerFixture.numbers)
        return try NDArray(shape: [rows.count, rows.first?.count ?? 0], elements: rows.flatMap { $0 })
    }
    static func rows(_ v: Any?) -> [[Double]] { (v as? [Any] ?? []).map(SamplerFixture.numbers) }

    @Test(arguments: ["cov", "chol", "tau"])
    func mvNormalMatchesSciPy(_ form: String) throws {
        let r = SamplerFixture.object("mvnormal")
        let mu = constant(try NDArray(shape: [3], elements: SamplerFixture.numbers(r["mu"])))
        let m = constant(try Self.matrix(r[form]))
        let v: Variable
        switch form {
        case "cov": v = Random.mvNormal(mu, cov: m, size: [samplerDraws])
        case "chol": v = Random.mvNormal(mu, chol: m, size: [samplerDraws])
        default: v = Random.mvNormal(mu, tau: m, size: [samplerDraws])
        }
        #expect(v.staticShape == [samplerDraws, 3])
        let d = try draw(v, seed: 41)
        #expect(d.shape == [1, samplerDraws, 3])
        let x = d.doubles
        let marginals = (r["marginals"] as? [[String: Any]]) ?? []
        #expect(marginals.count == 3)
        for (j, marginal) in marginals.enumerated() {
            let ref = ReferenceCDF(marginal)
            let xj = column(x, j, of: 3)
            expectMatchesCDF(xj, ref, "mvnormal(\(form)) marginal \(j)")
            expectReferenceMoments(xj, ref.moments, "mvnormal(\(form)) marginal \(j)")
        }
        expectCovariance(x, dimension: 3, Self.rows(r["cov"]), "mvnormal(\(form))")
    }

    /// A batch of means against one covariance: each row centred on its own mean.
    @Test func mvNormalBatched() throws {
        let mu: Variable = [[0.0, 0.0], [10.0, -5.0]]
        let cov: Variable = [[1.0, 0.5], [0.5, 2.0]]
        let v = Random.mvNormal(mu, cov: cov)
        #expect(v.staticShape == [2, 2])
        let n = 20_000
        let d = try draw(v, draws: n, seed: 3)
        #expect(d.shape == [n, 2, 2])
        let x = d.doubles
        for (b, means) in [[0.0, 0.0], [10.0, -5.0]].enumerated() {
            var rows: [Double] = []
            for i in 0..<n { rows.append(contentsOf: x[(i * 4 + b * 2)..<(i * 4 + b * 2 + 2)]) }
            expectMoments(column(rows, 0, of: 2), mean: means[0], variance: 1, "batch \(b) component 0")
            expectMoments(column(rows, 1, of: 2), mean: means[1], variance: 2, "batch \(b) component 1")
            expectCovariance(rows, dimension: 2, [[1, 0.5], [0.5, 2]], "batch \(b)")
        }
        // A batch of covariances, one per draw, and a scalar-length mean broadcast along the support.
        let covs: Variable = [[[1.0, 0.0], [0.0, 1.0]], [[4.0, 0.0], [0.0, 9.0]]]
        let w = try draw(Random.mvNormal([1.0], cov: covs), draws: n, seed: 4).doubles
        #expect(w.count == n * 4)
        for (j, variance) in [1.0, 1.0, 4.0, 9.0].enumerated() {
            expectMoments(column(w, j, of: 4), mean: 1, variance: variance, "covariance batch entry \(j)")
        }
    }

    @Test func dirichletMatchesSciPy() throws {
        for (i, r) in SamplerFixture.records("dirichlet").enumerated() {
            let alpha = SamplerFixture.numbers(r["alpha"])
            let k = alpha.count
            let v = Random.dirichlet(constant(try NDArray(shape: [k], elements: alpha)), size: [samplerDraws])
            #expect(v.staticShape == [samplerDraws, k])
            let x = try draw(v, seed: 50 + UInt64(i)).doubles
            for s in 0..<samplerDraws {
                let row = x[(s * k)..<(s * k + k)]
                if !(abs(row.reduce(0, +) - 1) < 1e-12 && row.allSatisfy { $0 >= 0 }) {
                    Issue.record("dirichlet \(alpha): draw \(s) = \(Array(row)) is not on the simplex")
                    break
                }
            }
            for (j, marginal) in ((r["marginals"] as? [[String: Any]]) ?? []).enumerated() {
                let ref = ReferenceCDF(marginal)
                let xj = column(x, j, of: k)
                expectMatchesCDF(xj, ref, "dirichlet \(alpha) marginal \(j)")
                expectReferenceMoments(xj, ref.moments, "dirichlet \(alpha) marginal \(j)")
            }
            expectCovariance(x, dimension: k, Self.rows(r["cov"]), "dirichlet \(alpha)")
        }
    }

    @Test func multinomialMatchesSciPy() throws {
        for (i, r) in SamplerFixture.records("multinomial").enumerated() {
            let n = Fixture.double(r["n"]!), p = SamplerFixture.numbers(r["p"])
            let k = p.count
            let v = Random.multinomial(constant(NDArray(n)), constant(try NDArray(shape: [k], elements: p)),
                                       size: [samplerDraws])
            #expect(v.staticShape == [samplerDraws, k] && v.dtype == .int64)
            let x = try draw(v, seed: 60 + UInt64(i)).doubles
            #expect((0..<samplerDraws).allSatisfy { s in x[(s * k)..<(s * k + k)].reduce(0, +) == n },
                    "multinomial rows must sum to n = \(n)")
            for (j, marginal) in ((r["marginals"] as? [[String: Any]]) ?? []).enumerated() {
                let ref = ReferencePMF(marginal)
                let xj = column(x, j, of: k)
                expectMatchesPMF(xj, ref, "multinomial(\(n), \(p)) marginal \(j)")
                expectReferenceMoments(xj, ref.moments, "multinomial(\(n), \(p)) marginal \(j)")
            }
            if n > 0 { expectCovariance(x, dimension: k, Self.rows(r["cov"]), "multinomial(\(n), \(p))") }
        }
    }

    /// A batch of count/probability pairs: each row keeps its own total.
    @Test func multinomialAndCategoricalBatched() throws {
        let n: Variable = [10.0, 1000.0]
        let p: Variable = [[0.2, 0.8], [0.5, 0.5]]
        let d = try draw(Random.multinomial(n, p), draws: 500, seed: 8)
        #expect(d.shape == [500, 2, 2])
        let x = d.doubles
        for s in 0..<500 {
            #expect(x[s * 4] + x[s * 4 + 1] == 10 && x[s * 4 + 2] + x[s * 4 + 3] == 1000)
        }
        let c = Random.categorical([[1.0, 0.0, 0.0], [0.0, 0.0, 2.0]], size: [300, 2])
        #expect(c.staticShape == [300, 2])
        let cd = try draw(c, seed: 9).doubles
        #expect(column(cd, 0, of: 2).allSatisfy { $0 == 0 } && column(cd, 1, of: 2).allSatisfy { $0 == 2 })
    }
}
