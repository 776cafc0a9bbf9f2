import Foundation
import Tessera

/// The statistics of one NUTS transition (the `sample_stats` group).
public struct NUTSStats: Sendable {
    public var lp: Double
    public var acceptanceRate: Double
    public var stepSize: Double
    public var stepSizeBar: Double
    public var treeDepth: Int
    public var nSteps: Int
    public var diverging: Bool
    public var energy: Double
    public var energyError: Double
    public var maxEnergyError: Double
    /// Seconds the transition took.
    public var time: Double
    /// The position where the trajectory diverged, when it did.
    public var divergencePoint: [Double]?
}

/// What a NUTS subtree hands back to its parent, in preallocated storage: the proposal drawn from it
/// (position, gradient, log-density, kinetic energy), the log of its summed weights, the sum of its
/// momenta `rho`, and the momenta and velocities at its first and last leaves (in building order).
///
/// Records exchange buffers instead of copying them (a proposal taken over, an end moved to the merged
/// tree): each buffer belongs to one record at a time, and the record that allocated a block frees it.
final class TreeRecord {
    let n: Int
    private let block: UnsafeMutablePointer<Double>
    var q, g, rho, pBegin, pEnd, vBegin, vEnd: UnsafeMutablePointer<Double>
    var logp = -Double.infinity
    var kinetic = 0.0
    var logSumWeight = -Double.infinity

    init(dimension n: Int) {
        self.n = n
        let size = max(1, n)
        block = .allocate(capacity: 7 * size)
        block.initialize(repeating: 0, count: 7 * size)
        q = block; g = block + size; rho = block + 2 * size; pBegin = block + 3 * size; pEnd = block + 4 * size
        vBegin = block + 5 * size; vEnd = block + 6 * size
    }

    deinit { block.deallocate() }

    /// Takes the proposal of `other` (which keeps this record's old buffers).
    func takeProposal(_ other: TreeRecord) {
        swap(&q, &other.q)
        swap(&g, &other.g)
        logp = other.logp
        kinetic = other.kinetic
    }

    /// Extends this (old) segment by the adjacent segment `new`, built outwards from this one's end
    /// (`atEnd`) or beginning: checks the generalised U-turn criterion on the merged segment, and on each
    /// part joined with the neighbouring leaf of the other (the extra checks of Stan ≥ 2.26); sums the
    /// momenta into `rho` and takes `new`'s far end as its own. `new` is left in an unspecified state.
    ///
    /// All six dot products come from one pass over the vectors.
    func extend(by new: TreeRecord, atEnd: Bool) -> Bool {
        let far = atEnd ? vBegin : vEnd  // velocity at the end away from `new`
        let nearV = atEnd ? vEnd : vBegin, nearP = atEnd ? pEnd : pBegin
        let (whole0, whole1, ext0, ext1, ext2, ext3) = fusedChecks(
            n, rho: rho, newRho: new.rho, far: far, newFar: new.vEnd, newNearP: new.pBegin, newNearV: new.vBegin,
            nearV: nearV, nearP: nearP)
        if atEnd {
            swap(&pEnd, &new.pEnd)
            swap(&vEnd, &new.vEnd)
        } else {
            swap(&pBegin, &new.pEnd)
            swap(&vBegin, &new.vEnd)
        }
        // Segment (far … newFar) with rho; (far … newNear) with rho_old + p_newNear; (near … newFar) with rho_new + p_near.
        return whole0 > 0 && whole1 > 0 && ext0 > 0 && ext1 > 0 && ext2 > 0 && ext3 > 0
    }
}

/// `rho ← rho + add` and the dot products of `a` and `b` with the new `rho`, in one pass.
@inline(__always)
func sumAndDots(_ n: Int, rho: UnsafeMutablePointer<Double>, add: UnsafePointer<Double>, _ a: UnsafePointer<Double>,
                _ b: UnsafePointer<Double>) -> (Double, Double) {
    var s0 = SIMD2<Double>(), s1 = SIMD2<Double>()
    var i = 0
    while i + 2 <= n {
        let r = rho.load2(i) + add.load2(i)
        rho.store2(r, i)
        s0 += a.load2(i) * r
        s1 += b.load2(i) * r
        i += 2
    }
    var d = (s0.sum(), s1.sum())
    while i < n {
        rho[i] += add[i]
        d.0 += a[i] * rho[i]
        d.1 += b[i] * rho[i]
        i += 1
    }
    return d
}

/// One pass for the U-turn checks of a merge: `rho ← rho + newRho` and the dot products
/// `far·rho`, `newFar·rho`, `far·(rho_old + newNearP)`, `newNearV·(rho_old + newNearP)`,
/// `nearV·(newRho + nearP)`, `newFar·(newRho + nearP)` (two lanes of SIMD, independent accumulators).
@inline(__always)
func fusedChecks(_ n: Int, rho: UnsafeMutablePointer<Double>, newRho: UnsafePointer<Double>, far: UnsafePointer<Double>,
                 newFar: UnsafePointer<Double>, newNearP: UnsafePointer<Double>, newNearV: UnsafePointer<Double>,
                 nearV: UnsafePointer<Double>, nearP: UnsafePointer<Double>)
    -> (Double, Double, Double, Double, Double, Double)
{
    typealias V = SIMD2<Double>
    var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V()
    var i = 0
    @inline(__always) func load(_ p: UnsafePointer<Double>) -> V { p.load2(i) }
    while i + 2 <= n {
        let r = load(rho), nr = load(newRho)
        let sum = r + nr
        rho.store2(sum, i)
        let f = load(far), nf = load(newFar)
        a0 += f * sum
        a1 += nf * sum
        let e1 = r + load(newNearP)
        a2 += f * e1
        a3 += load(newNearV) * e1
        let e2 = nr + load(nearP)
        a4 += load(nearV) * e2
        a5 += nf * e2
        i += 2
    }
    var d = (a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum())
    while i < n {
        let r = rho[i], nr = newRho[i]
        let sum = r + nr
        rho[i] = sum
        d.0 += far[i] * sum
        d.1 += newFar[i] * sum
        d.2 += far[i] * (r + newNearP[i])
        d.3 += newNearV[i] * (r + newNearP[i])
        d.4 += nearV[i] * (nr + nearP[i])
        d.5 += newFar[i] * (nr + nearP[i])
        i += 1
    }
    return d
}

/// The No-U-Turn Sampler with multinomial sampling of the trajectory and the generalised
/// U-turn criterion (Hoffman & Gelman 2014, Algorithm 3 and 6; Betancourt 2017, "A Conceptual
/// Introduction to Hamiltonian Monte Carlo", §A.4; the extra subtree checks of Stan ≥ 2.26).
///
/// All trajectory state lives in the Hamiltonian's preallocated buffers: building a tree allocates
/// nothing (only a divergence copies its point).
struct NUTSKernel {
    let hamiltonian: Hamiltonian
    var stepSize: Double
    let maxTreeDepth: Int
    /// An energy error above this marks a divergence.
    let maxEnergyError = 1000.0

    struct Accumulator {
        var nSteps = 0
        var sumAcceptance = 0.0
        var diverging = false
        var maxEnergyError = 0.0
        var divergencePoint: [Double]?
    }

    /// The record for `index` (0: the whole tree, 1: the newest subtree, 2 + d: second halves at depth d).
    func record(_ index: Int) -> TreeRecord {
        while hamiltonian.records.count <= index {
            hamiltonian.records.append(TreeRecord(dimension: hamiltonian.dimension))
        }
        return hamiltonian.records[index]
    }

    /// One leapfrog step of the edge `z`: its log weight `−(H − H₀)`, or `nil` when it diverged.
    @inline(__always)
    func step(_ z: TrajectoryPoint, sign: Double, h0: Double, acc: inout Accumulator) -> Double? {
        hamiltonian.leapfrog(z, sign * stepSize)
        let h = -z.logp + z.kinetic
        let error = h.isNaN ? Double.infinity : h - h0
        acc.nSteps += 1
        acc.maxEnergyError = abs(error) > abs(acc.maxEnergyError) ? error : acc.maxEnergyError
        if !(error <= maxEnergyError) {
            acc.diverging = true
            acc.divergencePoint = Array(UnsafeBufferPointer(start: z.q, count: hamiltonian.dimension))
            return nil
        }
        acc.sumAcceptance += error > 0 ? Foundation.exp(-error) : 1
        return -error
    }

    /// Builds a subtree of `2^depth` leapfrog steps from the edge `z` into `out`; `false` when it
    /// diverged or turned back on itself (then it must not be used).
    func buildTree(depth: Int, edge z: TrajectoryPoint, sign: Double, h0: Double, into out: TreeRecord,
                   rng: inout RandomState, acc: inout Accumulator) -> Bool {
        let n = hamiltonian.dimension
        if depth <= 1 {
            // A leaf; at depth 1 a second leaf merged in place (cheaper than two leaf records: the
            // three U-turn checks of two leaves coincide, `v₁·(p₁+p₂) > 0 and v₂·(p₁+p₂) > 0`).
            guard let w = step(z, sign: sign, h0: h0, acc: &acc) else { return false }
            out.q.update(from: z.q, count: n)
            out.g.update(from: z.g, count: n)
            out.logp = z.logp
            out.kinetic = z.kinetic
            out.logSumWeight = w
            out.rho.update(from: z.p, count: n)
            out.pBegin.update(from: z.p, count: n)
            out.vBegin.update(from: z.v, count: n)
            if depth == 0 {
                out.pEnd.update(from: z.p, count: n)
                out.vEnd.update(from: z.v, count: n)
                return true
            }
            guard let w2 = step(z, sign: sign, h0: h0, acc: &acc) else { return false }
            let total = logAddExp(w, w2)
            if rng.uniform() < Foundation.exp(w2 - total) {
                out.q.update(from: z.q, count: n)
                out.g.update(from: z.g, count: n)
                out.logp = z.logp
                out.kinetic = z.kinetic
            }
            out.logSumWeight = total
            let (first, second) = sumAndDots(n, rho: out.rho, add: z.p, out.vBegin, z.v)
            out.pEnd.update(from: z.p, count: n)
            out.vEnd.update(from: z.v, count: n)
            return first > 0 && second > 0
        }
        guard buildTree(depth: depth - 1, edge: z, sign: sign, h0: h0, into: out, rng: &rng, acc: &acc) else { return false }
        let right = record(2 + depth)
        guard buildTree(depth: depth - 1, edge: z, sign: sign, h0: h0, into: right, rng: &rng, acc: &acc) else { return false }
        // Multinomial sampling within the subtree.
        let total = logAddExp(out.logSumWeight, right.logSumWeight)
        if rng.uniform() < Foundation.exp(right.logSumWeight - total) { out.takeProposal(right) }
        out.logSumWeight = total
        return out.extend(by: right, atEnd: true)
    }

    /// One transition from `current`.
    func transition(from current: PhasePoint, rng: inout RandomState) -> (PhasePoint, NUTSStats) {
        let start = DispatchTime.now().uptimeNanoseconds
        let n = hamiltonian.dimension
        let forward = hamiltonian.forward, backward = hamiltonian.backward
        hamiltonian.start(forward, at: current, &rng)
        backward.assign(forward)
        let h0 = forward.energy
        // The whole tree: its sample, summed momenta, and the momenta/velocities at its backward
        // (begin) and forward (end) edges.
        let whole = record(0)
        whole.q.update(from: forward.q, count: n)
        whole.g.update(from: forward.g, count: n)
        whole.logp = forward.logp
        whole.kinetic = forward.kinetic
        whole.logSumWeight = 0
        whole.rho.update(from: forward.p, count: n)
        whole.pBegin.update(from: forward.p, count: n)
        whole.pEnd.update(from: forward.p, count: n)
        whole.vBegin.update(from: forward.v, count: n)
        whole.vEnd.update(from: forward.v, count: n)
        let sub = record(1)
        var acc = Accumulator()
        var depth = 0
        while depth < maxTreeDepth {
            let goForward = rng.uniform() > 0.5
            guard buildTree(depth: depth, edge: goForward ? forward : backward, sign: goForward ? 1 : -1, h0: h0,
                            into: sub, rng: &rng, acc: &acc)
            else { break }
            depth += 1
            // Biased progressive sampling between the old tree and the new subtree.
            if sub.logSumWeight > whole.logSumWeight || rng.uniform() < Foundation.exp(sub.logSumWeight - whole.logSumWeight) {
                whole.takeProposal(sub)
            }
            whole.logSumWeight = logAddExp(whole.logSumWeight, sub.logSumWeight)
            // Forward the subtree continues the trajectory's end; backward it precedes its beginning.
            if !whole.extend(by: sub, atEnd: goForward) { break }
        }
        let energy = -whole.logp + whole.kinetic
        let stats = NUTSStats(
            lp: whole.logp,
            acceptanceRate: acc.nSteps > 0 ? acc.sumAcceptance / Double(acc.nSteps) : 0,
            stepSize: stepSize, stepSizeBar: stepSize, treeDepth: depth, nSteps: acc.nSteps,
            diverging: acc.diverging, energy: energy, energyError: energy - h0, maxEnergyError: acc.maxEnergyError,
            time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, divergencePoint: acc.divergencePoint)
        let next = PhasePoint(q: Array(UnsafeBufferPointer(start: whole.q, count: n)), p: current.p,
                              g: Array(UnsafeBufferPointer(start: whole.g, count: n)), logp: whole.logp)
        return (next, stats)
    }
}
