/// The stabilize phase: rewrites to numerically stabler forms (`log(1 - exp(x))` → `log1mexp(x)` …).
let stabilizeRewrites: [any NodeRewrite] = [
    LogOneMinusExp(), LogOnePlusExp(), LogOnePlus(), ExpMinusOne(), LogSigmoid(), LogSumOfExp(), LogSoftmax(),
    LogOfRatio(), LogErfc(), SqrtOfSquare(), OneMinusErf(),
]
