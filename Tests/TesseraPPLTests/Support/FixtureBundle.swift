import Foundation
import TesseraTestSupport

extension Fixture {
    /// Loads a fixture of this test target.
    static func load(_ name: String) throws -> Any { try load(name, in: .module) }
}
