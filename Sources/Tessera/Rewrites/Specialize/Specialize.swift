/// The specialize phase: rewrites to faster forms (`x ** 2` → `square(x)` …).
let specializeRewrites: [any NodeRewrite] = [
    SpecializePow(), MulSelf(), SumOfProductToDot(), RedundantSecond(), MatMulOfTranspose(), SumOfConstantMask(),
]
