/// Help texts written as paragraphs: lines of one paragraph are joined so that ArgumentParser
/// wraps them at the terminal's width; indented lines (examples) and blank lines stay.
enum Help {
    static func reflow(_ text: String) -> String {
        var out = [String]()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let joinable = !line.isEmpty && !line.hasPrefix(" ") && !line.hasSuffix(":")
            if joinable, let last = out.last, !last.isEmpty, !last.hasPrefix(" "), !last.hasSuffix(":") {
                out[out.count - 1] = last + " " + line
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }
}
