import ArgumentParser
import Foundation
import TesseraPPL

struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the specification talk, step by step.")
    func run() throws {
        let x = scalar("x")
        let y = vector("y")
        let z = x + y
        let w = log(z)
        print(w.dprint())
        let f = try function([x, y], [w])
        print(try f(0.0, [1.0, M_E]))
    }
}
