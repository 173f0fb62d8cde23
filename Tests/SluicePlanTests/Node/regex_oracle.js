// Reads [[pattern, [value, ...]], ...] as JSON from stdin and prints, for each pattern, the
// list of whether `new RegExp(pattern, "u")` finds a match in each value, or null when
// JavaScript refuses the pattern: ECMA-262's own answers for Sluice's matcher to agree with.
// A match is sought at each position between code points (a sticky search from each), as
// Sluice reads values as Unicode scalars: V8 also tries the position inside a surrogate pair,
// where `\B` holds between two non-word halves.
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  const answers = cases.map(([pattern, values]) => {
    let regex;
    try {
      regex = new RegExp(pattern, "uy");
    } catch (error) {
      return null;
    }
    return values.map((value) => {
      let index = 0;
      for (const codePoint of [...value, ""]) {
        regex.lastIndex = index;
        if (regex.test(value)) return true;
        index += codePoint.length;
      }
      return false;
    });
  });
  process.stdout.write(JSON.stringify(answers));
});
