// The text alternative of each plot (web/static/plot.js draws them): what it shows, and
// where the learner's output departs from the reference's, in words a screen reader reads.
const num = (x) => String(Number(Number(x).toPrecision(3)));
const percent = (share) => `${Number((100 * share).toPrecision(2))}%`;

/** "Your curve lies on the reference's." said honestly: when this code fails tests, the
 *  plot agreeing does not mean the code is right, so the sentence says where to look. */
function agrees(sentence, testsFail) {
  return testsFail ? `${sentence.replace(/\.$/, "")} on this sweep; the failing tests differ elsewhere.` : sentence;
}

/** "Your code raises: ..." for a sweep evaluated as a whole (images, scatter, histogram). */
function raisesText(curve) {
  const first = curve.errors[0];
  return first ? `Your code raises: ${first.message}.` : "";
}

/** The values that are not finite, named: "nan" or "nan and inf". */
function oddNames(values) {
  return [...new Set(values.filter((v) => typeof v === "string"))].join(" and ");
}

/** The text alternative of an images plot: what it shows, which values are not finite, and
 * how far the learner's images are from the reference's, on average and per image. */
export function imagesText(sweep, curve, testsFail = false) {
  const [rows, cols] = sweep.shape;
  const pixels = rows * cols;
  const name = (index) => (sweep.captions ? `image ${index + 1} (${sweep.captions[index]})` : `image ${index + 1}`);
  const parts = [`${sweep.count} images of ${rows}x${cols} pixels, ${num(sweep.range[0])} black to ` +
                 `${num(sweep.range[1])} white: ${sweep.inputs ? "the inputs, " : ""}` +
                 `${sweep.before ? "the model's before training, " : ""}the reference's and your code's.`];
  if (curve.errors.length) parts.push(raisesText(curve));
  else {
    const odd = curve.ys.map((v, i) => [v, Math.floor(i / pixels)]).filter(([v]) => typeof v === "string");
    if (odd.length) {
      const images = new Set(odd.map(([, image]) => image)).size;
      parts.push(`Your code returns ${oddNames(curve.ys)} for ${odd.length} pixels in ${images} of ${sweep.count} ` +
                 "images: shown in the warning colour.");
    }
  }
  const distances = curve.distances || [];
  const measured = distances.map((d, i) => [d, i]).filter(([d]) => d !== null);
  if (!curve.errors.length && !curve.parts_at.length) {
    parts.push(agrees("Your images match the reference's.", testsFail));
  } else if (curve.parts_at.length && !measured.length) {
    parts.push(`Your images differ visibly from the reference's in ${curve.parts_at.length} of ${sweep.count}.`);
  } else if (measured.length) {
    const mean = measured.reduce((sum, [d]) => sum + d, 0) / measured.length;
    const [most, at] = measured.reduce((best, next) => (next[0] > best[0] ? next : best));
    const among = measured.length < sweep.count ? ` (of the ${measured.length} with finite pixels)` : "";
    parts.push(`Your images differ visibly from the reference's in ${curve.parts_at.length} of ${sweep.count}: ` +
               `by ${percent(mean)} of the pixel range on average${among} (mean absolute difference), most in ` +
               `${name(at)}, by ${percent(most)}.`);
    if (sweep.count <= 16) {
      parts.push(`Per image: ${distances.map((d, i) => `${sweep.captions ? sweep.captions[i] : i + 1} ` +
                                                       (d === null ? "not finite" : percent(d))).join(", ")}.`);
    }
  }
  return parts.join(" ");
}

/** The text alternative of a scatter plot: what it shows, the points per label, and each
 * label's mean position, the learner's against the reference's. */
export function scatterText(sweep, curve, testsFail = false) {
  const count = sweep.labels.length;
  const at = (mean) => (mean ? `(${num(mean[0])}, ${num(mean[1])})` : "no finite point");
  const parts = [`${count} points (${sweep.x_label}, ${sweep.y_label}) coloured by ${sweep.label_name}: ` +
                 "the reference's beside your code's."];
  if (curve.errors.length) parts.push(raisesText(curve));
  else {
    const bad = sweep.labels.filter((_, i) => typeof curve.ys[2 * i] === "string" || typeof curve.ys[2 * i + 1] === "string");
    if (bad.length) parts.push(`Your code returns ${oddNames(curve.ys)} for ${bad.length} of ${count} points: not drawn.`);
  }
  const mine = curve.summary || [];
  const theirs = new Map((curve.reference_summary || []).map((group) => [group.label, group]));
  if (mine.length) {
    parts.push(`Points per ${sweep.label_name}: ${mine.map((group) => `${group.label}: ${group.count}`).join(", ")}.`);
  }
  if (!curve.errors.length && !curve.parts_at.length) {
    parts.push(agrees("Your points lie on the reference's.", testsFail));
    if (mine.length) {
      parts.push(`Mean position per ${sweep.label_name}: ${mine.map((g) => `${g.label} at ${at(g.mean)}`).join(", ")}.`);
    }
  } else if (!curve.errors.length) {
    parts.push(`Your points differ from the reference's at ${curve.parts_at.length} of ${count} points.`);
    if (mine.length) {
      parts.push(`Mean position per ${sweep.label_name}, yours against the reference's: ` +
                 mine.map((g) => `${g.label} at ${at(g.mean)} against ${at((theirs.get(g.label) || {}).mean)}`)
                   .join("; ") + ".");
    }
  }
  return parts.join(" ");
}

/** The text alternative of a plot: what it shows and where the learner's output departs.
 *  `testsFail`: the plotted code is the code of the last run, which failed tests. */
export function plotText(sweep, curve, testsFail = false) {
  if (sweep.kind === "images") return imagesText(sweep, curve, testsFail);
  if (sweep.kind === "scatter") return scatterText(sweep, curve, testsFail);
  const name = sweep.x_label;
  const at = (x) => `${name} = ${num(x)}`;
  const histogram = sweep.kind === "histogram";
  const range = `${name} from ${num(sweep.xs[0])} to ${num(sweep.xs[sweep.xs.length - 1])}`;
  const parts = [histogram ? `Histogram of your samples against the target density, ${range}.`
                           : `Your code against the reference, ${range}.`];
  if (curve.errors.length) {
    const first = curve.errors[0];
    const more = curve.errors.length > 1 ? ` (and at ${curve.errors.length - 1} more points)` : "";
    parts.push(`Your code raises${first.x === null ? "" : ` at ${at(first.x)}`}: ${first.message}${more}.`);
  }
  const odd = curve.ys.map((y, index) => [y, index]).filter(([y]) => typeof y === "string");
  if (odd.length) {
    const more = odd.length > 1 ? ` and at ${odd.length - 1} more points` : "";
    const marked = histogram ? "not drawn" : "marked at the top or bottom edge of the plot";
    parts.push(`Your code returns ${odd[0][0]} at ${at(sweep.xs[odd[0][1]])}${more}: ${marked}.`);
  }
  if (curve.parts_at.length) {
    const apart = new Set(curve.parts_at);
    const agree = sweep.xs.filter((x) => !apart.has(x));
    const count = `${curve.parts_at.length} of ${sweep.xs.length} points`;
    if (!agree.length) parts.push(`The curves differ everywhere (${count}).`);
    else if (curve.parts_at[0] > sweep.xs[0]) {
      const before = sweep.xs[sweep.xs.indexOf(curve.parts_at[0]) - 1];
      parts.push(`The curves agree up to ${at(before)} and part at ${at(curve.parts_at[0])} (they differ at ${count}).`);
    } else {
      parts.push(`The curves differ at ${count}; they agree only for ${name} from ${num(agree[0])} to ` +
                 `${num(agree[agree.length - 1])}.`);
    }
  } else if (!curve.errors.length && !odd.length) {
    parts.push(agrees(histogram ? "Your samples follow the reference's." : "Your curve lies on the reference's.",
                      testsFail));
  }
  return parts.join(" ");
}

