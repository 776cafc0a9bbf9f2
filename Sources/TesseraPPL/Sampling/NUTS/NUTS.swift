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

/// The No-U-Turn Sampler with multinomial sampling of the trajectory and the generalised
/// U-turn criterion (Hoffman & Gelman 2014, Algorithm 3 and 6; Betancourt 2017, "A Conceptual
/// Introduction to Hamiltonian Monte Carlo", §A.4; the subtree checks of Stan ≥ 2.26).
struct NUTSKernel {
    var hamiltonian: Hamiltonian
    var stepSize: Double
    let maxTreeDepth: Int
    /// An energy error above this marks a divergence.
    let maxEnergyError = 1000.0

    /// What a subtree hands back to its parent.
    struct Subtree {
        var proposal: PhasePoint
        var logSumWeight = -Double.infinity
        var rho: [Double]
        var pBegin: [Double]
        var pEnd: [Double]
        var pSharpBegin: [Double]
        var pSharpEnd: [Double]
    }

    struct Accumulator {
        var nSteps = 0
        var sumAcceptance = 0.0
        var diverging = false
        var maxEnergyError = 0.0
        var divergencePoint: [Double]?
    }

    func criterion(_ pSharpMinus: [Double], _ pSharpPlus: [Double], _ rho: [Double]) -> Bool {
        dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0
    }

    /// Builds a subtree of `2^depth` leapfrog steps from `edge` in direction `sign`; `false` when it
    /// diverged or turned back on itself (then it must not be used).
    func buildTree(depth: Int, edge z: inout PhasePoint, sign: Double, h0: Double, rng: inout RandomState,
                   acc: inout Accumulator) -> Subtree? {
        if depth == 0 {
            hamiltonian.leapfrog(&z, sign * stepSize)
            let h = hamiltonian.energy(z)
            let error = h.isNaN ? Double.infinity : h - h0
            acc.nSteps += 1
            acc.maxEnergyError = abs(error) > abs(acc.maxEnergyError) ? error : acc.maxEnergyError
            if !(error <= maxEnergyError) {
                acc.diverging = true
                acc.divergencePoint = z.q
                return nil
            }
            acc.sumAcceptance += error > 0 ? Foundation.exp(-error) : 1
            let v = hamiltonian.velocity(z.p)
            return Subtree(proposal: z, logSumWeight: -error, rho: z.p, pBegin: z.p, pEnd: z.p,
                           pSharpBegin: v, pSharpEnd: v)
        }
        guard var left = buildTree(depth: depth - 1, edge: &z, sign: sign, h0: h0, rng: &rng, acc: &acc),
              let right = buildTree(depth: depth - 1, edge: &z, sign: sign, h0: h0, rng: &rng, acc: &acc)
        else { return nil }
        // Multinomial sampling within the subtree.
        let total = logAddExp(left.logSumWeight, right.logSumWeight)
        if rng.uniform() < Foundation.exp(right.logSumWeight - total) { left.proposal = right.proposal }
        var rho = left.rho
        for i in rho.indices { rho[i] += right.rho[i] }
        var persist = criterion(left.pSharpBegin, right.pSharpEnd, rho)
        var extended = left.rho
        for i in extended.indices { extended[i] += right.pBegin[i] }
        persist = persist && criterion(left.pSharpBegin, right.pSharpBegin, extended)
        extended = right.rho
        for i in extended.indices { extended[i] += left.pEnd[i] }
        persist = persist && criterion(left.pSharpEnd, right.pSharpEnd, extended)
        guard persist else { return nil }
        return Subtree(proposal: left.proposal, logSumWeight: total, rho: rho, pBegin: left.pBegin, pEnd: right.pEnd,
                       pSharpBegin: left.pSharpBegin, pSharpEnd: right.pSharpEnd)
    }

    /// One transition from `current`.
    func transition(from current: PhasePoint, rng: inout RandomState) -> (PhasePoint, NUTSStats) {
        let start = DispatchTime.now().uptimeNanoseconds
        var z0 = current
        z0.p = hamiltonian.drawMomentum(&rng)
        let h0 = hamiltonian.energy(z0)
        var forward = z0, backward = z0
        var sample = z0
        var logSumWeight = 0.0
        var rho = z0.p
        let v0 = hamiltonian.velocity(z0.p)
        // Ends of the whole trajectory: momenta and velocities at the backward and forward edges,
        // and at the inner ends of the last subtrees (for the extra U-turn checks).
        var pSharpBackward = v0, pSharpForward = v0
        var pBackward = z0.p, pForward = z0.p
        var acc = Accumulator()
        var depth = 0
        while depth < maxTreeDepth {
            let goForward = rng.uniform() > 0.5
            let sub: Subtree?
            if goForward {
                sub = buildTree(depth: depth, edge: &forward, sign: 1, h0: h0, rng: &rng, acc: &acc)
            } else {
                sub = buildTree(depth: depth, edge: &backward, sign: -1, h0: h0, rng: &rng, acc: &acc)
            }
            guard let sub else { break }
            depth += 1
            // Biased progressive sampling between the old tree and the new subtree.
            if sub.logSumWeight > logSumWeight || rng.uniform() < Foundation.exp(sub.logSumWeight - logSumWeight) {
                sample = sub.proposal
            }
            logSumWeight = logAddExp(logSumWeight, sub.logSumWeight)
            let rhoOld = rho
            for i in rho.indices { rho[i] += sub.rho[i] }
            var persist: Bool
            if goForward {
                persist = criterion(pSharpBackward, sub.pSharpEnd, rho)
                var ext = rhoOld; for i in ext.indices { ext[i] += sub.pBegin[i] }
                persist = persist && criterion(pSharpBackward, sub.pSharpBegin, ext)
                ext = sub.rho; for i in ext.indices { ext[i] += pForward[i] }
                persist = persist && criterion(pSharpForward, sub.pSharpEnd, ext)
                pSharpForward = sub.pSharpEnd
                pForward = sub.pEnd
            } else {
                persist = criterion(sub.pSharpEnd, pSharpForward, rho)
                var ext = rhoOld; for i in ext.indices { ext[i] += sub.pBegin[i] }
                persist = persist && criterion(sub.pSharpBegin, pSharpForward, ext)
                ext = sub.rho; for i in ext.indices { ext[i] += pBackward[i] }
                persist = persist && criterion(sub.pSharpEnd, pSharpBackward, ext)
                pSharpBackward = sub.pSharpEnd
                pBackward = sub.pEnd
            }
            if !persist { break }
        }
        let energy = hamiltonian.energy(sample)
        let stats = NUTSStats(
            lp: sample.logp,
            acceptanceRate: acc.nSteps > 0 ? acc.sumAcceptance / Double(acc.nSteps) : 0,
            stepSize: stepSize, stepSizeBar: stepSize, treeDepth: depth, nSteps: acc.nSteps,
            diverging: acc.diverging, energy: energy, energyError: energy - h0, maxEnergyError: acc.maxEnergyError,
            time: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, divergencePoint: acc.divergencePoint)
        var next = sample
        next.p = z0.p
        return (next, stats)
    }
}
