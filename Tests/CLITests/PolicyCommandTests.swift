import Foundation
import Testing

/// The policy zone sets through the command line: the choices are listed in the help and
/// checked, and the tables carry the plans' memberships.
struct PolicyCommandTests {
    @Test func choicesAreListedAndChecked() {
        let help = CLITests.run(["zones", "--help"])
        #expect(help.out.contains("values: province, prefecture") && help.out.contains("values: plan, primary"))
        let bad = CLITests.run(["zones", "--by", "cluster", "--membership", "official"])
        #expect(bad.status != 0 && bad.err.contains("official"))
    }

    @Test func northSouthAndClustersFromTheCommandLine() {
        let ns = CLITests.run(["zones", "--by", "northsouth"])
        #expect(ns.status == 0, "\(ns.err)")
        let north = ns.out.split(separator: "\n").first { $0.hasPrefix("north,") } ?? ""
        #expect(north.contains("320300") && north.contains("341200"), "徐州 and 阜阳 north")
        let byProvince = CLITests.run(["zones", "--by", "northsouth", "--level", "province"])
        #expect(byProvince.out.split(separator: "\n").first { $0.hasPrefix("south,") }?.contains("320000") == true)
        let plan = CLITests.run(["zones", "--by", "cluster"]), primary = CLITests.run(["zones", "--by", "cluster", "--membership", "primary"])
        #expect(plan.out.split(separator: "\n").count == 19 && primary.out.split(separator: "\n").count == 20)
        let belt = CLITests.run(["zones", "--by", "yangtze_belt"])
        #expect(belt.out.split(separator: "\n").map { $0.prefix(4) } == ["zone", "in,长", "out,"])
    }
}
