/// The canonicalize phase: rewrites that put graphs into one standard form so that
/// stabilize and specialize see fewer shapes of the same computation.
let canonicalizeRewrites: [any NodeRewrite] = [
    MulByOne(), AddZero(), DivByOne(), DoubleNegation(), SubNeg(), ConstantsRight(), ConstantsTogether(),
    LogOfExp(), ExpOfLog(), FoldDimShuffles(), ReshapeOfReshape(), MoveConstantsUp(), FillSink(), SumOfFill(),
]
