//! The layout: everything placed, then the heights of ranks and gaps.

use super::*;

/// Where everything goes.
#[derive(Debug)]
pub struct Layout {
    /// Which way the flow runs: lanes are columns down the page, or rows
    /// across it with their headers on the left.
    pub direction: Direction,
    pub width: f64,
    pub height: f64,
    pub heading: Vec<String>,
    /// Empty without lanes.
    pub lanes: Vec<LaneBox>,
    pub nodes: Vec<Placed>,
    /// One per chart edge; `None` for an edge whose ends are not nodes.
    pub edges: Vec<Option<Route>>,
}

#[derive(Debug)]
pub struct LaneBox {
    pub title: String,
    pub description: Vec<String>,
    pub column: Rect,
    pub header: f64,
}

#[derive(Debug)]
pub struct Placed {
    pub content: Content,
    pub center: Point,
    /// Its lane (0 without lanes).
    pub lane: usize,
    /// The shape with the room kept free beside it for labels and a
    /// self-loop: what must not overlap another.
    pub outer: Rect,
}

impl Placed {
    pub fn shape(&self) -> Rect {
        Rect::centered(self.center, self.content.w, self.content.h)
    }
}

#[derive(Debug)]
pub struct Route {
    pub points: Vec<Point>,
    pub label: Option<(LabelText, Rect)>,
    pub kind: Course,
}

/// Lays out a chart in the direction of `options`.
pub fn layout(chart: &Chart, options: &Options) -> Layout {
    match options.direction {
        Direction::TopDown => down(chart, options, false),
        Direction::LeftRight => across(chart, options),
    }
}

/// Lays out a chart top-down: ranks, order and x positions first, then
/// ports and routes, then the heights of ranks and of the gaps between
/// them. `turned` lays out every shape and label with its width and height
/// swapped and leaves the heading out, for [`across`] to mirror.
pub(super) fn down(chart: &Chart, options: &Options, turned: bool) -> Layout {
    let mut placement = place(chart, options, turned);
    let scene = Scene {
        chart,
        layers: &placement.layers,
        contents: &placement.contents,
        labels: std::mem::take(&mut placement.labels),
    };
    let Placement {
        courses,
        specs,
        layers,
        chains,
        loops,
        sides,
        columns,
        ..
    } = &placement;
    let ports = choose_ports(&scene, courses, chains, loops, sides);
    let (plans, mut jogs) = plan_routes(&scene, courses, chains, loops, &ports);
    let tracks = assign_tracks(&mut jogs, layers.order.len());

    let content_right = columns.last().map_or_else(
        || right_edge(layers, loops, &plans),
        |column| column.x + column.w,
    );
    let heading = if turned {
        Vec::new()
    } else {
        heading(chart, content_right, options.font)
    };
    let width = (content_right + MARGIN)
        .max(options.font.widest_bold(&heading, HEADING_FONT) + 2.0 * MARGIN);
    let lanes_top = below_heading(&heading);
    let mut lanes = lane_boxes(columns, specs, lanes_top, options.font);
    let first_row = lanes
        .first()
        .map_or(lanes_top + 4.0, |lane| lanes_top + lane.header + 22.0);
    let bands = Bands::new(layers, &placement.contents, &plans, &tracks, first_row);
    let level = |level: Level| bands.y(layers, &jogs, level);
    let edges = plans
        .into_iter()
        .map(|plan| {
            plan.map(|plan| Route {
                points: plan
                    .points
                    .iter()
                    .map(|w| Point {
                        x: w.x,
                        y: level(w.y),
                    })
                    .collect(),
                label: plan.label.map(|label| {
                    let rect = Rect {
                        x: label.x,
                        y: level(label.top),
                        w: label.text.w,
                        h: label.text.h,
                    };
                    (label.text, rect)
                }),
                kind: plan.kind,
            })
        })
        .collect();
    let height = bands.bottom + MARGIN + 8.0;
    for lane in &mut lanes {
        lane.column.h = height - MARGIN / 2.0 - lane.column.y;
    }
    let nodes = placement
        .contents
        .iter()
        .enumerate()
        .map(|(node, content)| {
            let center = Point {
                x: layers.x[node],
                y: level(Level::Node(node, 0.0)),
            };
            let [left, right] = placement.reserve[node];
            let shape = Rect::centered(center, content.w, content.h);
            Placed {
                center,
                content: content.clone(),
                lane: layers.lane[node],
                outer: Rect {
                    x: shape.x - left,
                    w: shape.w + left + right,
                    ..shape
                },
            }
        })
        .collect();
    Layout {
        direction: Direction::TopDown,
        width,
        height,
        heading,
        lanes,
        nodes,
        edges,
    }
}

/// Everything decided before heights: the layered graph with x positions,
/// and how each edge runs.
struct Placement {
    contents: Vec<Content>,
    courses: Vec<Course>,
    labels: Vec<Option<LabelText>>,
    specs: Vec<LaneSpec>,
    layers: Layers,
    /// The nodes each downward edge passes (empty for the others).
    chains: Vec<Vec<usize>>,
    loops: Vec<Loop>,
    /// The side corner each decision branch leaves from.
    sides: Vec<Option<Side>>,
    /// Room kept beside each node, left and right.
    reserve: Vec<[f64; 2]>,
    /// Lane columns; empty without lanes.
    columns: Vec<Column>,
}

/// Ranks, bends, order, sides and x positions (in lanes or not).
fn place(chart: &Chart, options: &Options, turned: bool) -> Placement {
    let font = options.font;
    let mut contents: Vec<Content> = chart.nodes.iter().map(|node| measure(node, font)).collect();
    let shape = Shape::of(chart);
    let courses = courses(&shape);
    let labels: Vec<Option<LabelText>> = chart
        .edges
        .iter()
        .map(|edge| {
            edge.label
                .as_deref()
                .and_then(|label| label_text(label, font))
        })
        .collect();
    let mut labels = labels;
    if turned {
        contents.iter_mut().for_each(Content::turn);
        labels.iter_mut().flatten().for_each(LabelText::turn);
    }
    let (specs, lanes) = assign_lanes(chart, options.lanes, font);
    let extents = contents.iter().map(|c| [c.w / 2.0; 2]).collect();
    let mut layers = Layers::new(rank_nodes(&shape, &courses), lanes, extents);
    let chains: Vec<Vec<usize>> = chart
        .edges
        .iter()
        .zip(&courses)
        .map(|(edge, course)| match course {
            Course::Down => layers.add_chain(edge.from, edge.to),
            _ => Vec::new(),
        })
        .collect();
    layers.order_ranks();
    let mut loops = plan_loops(chart, &courses, &layers);
    let sides = branch_sides(chart, &courses, &chains, &loops, &layers);
    for ((edge, side), chain) in chart.edges.iter().zip(&sides).zip(&chains) {
        let same_lane = chain
            .get(1)
            .is_some_and(|&next| layers.lane[next] == layers.lane[edge.from]);
        if let (Some(side), true) = (side, same_lane) {
            let reach = contents[edge.from].w / 2.0 + BRANCH_REACH;
            layers.shift_link(chain, side.sign() * reach);
        }
    }
    let reserve = reserves(chart, &courses, &labels, &contents, &loops, &sides);
    for (node, [left, right]) in reserve.iter().enumerate() {
        layers.extent[node][0] += left;
        layers.extent[node][1] += right;
    }
    layers.align();
    let columns = if options.lanes {
        let columns = place_in_lanes(&mut layers, &specs, &loops);
        lane_channels(&layers, &mut loops, &columns);
        columns
    } else {
        layers.place_x(&[(f64::NEG_INFINITY, f64::INFINITY)]);
        free_channels(&layers, &mut loops);
        shift_to_margin(&mut layers, &mut loops);
        Vec::new()
    };
    Placement {
        contents,
        courses,
        labels,
        specs,
        layers,
        chains,
        loops,
        sides,
        reserve,
        columns,
    }
}

/// Where what comes below the heading starts.
pub(super) fn below_heading(heading: &[String]) -> f64 {
    if heading.is_empty() {
        MARGIN
    } else {
        MARGIN + heading.len() as f64 * HEADING_LINE + 12.0
    }
}

/// "<id> — <title>", wrapped to the chart's width (or a readable line).
pub(super) fn heading(chart: &Chart, content_right: f64, font: Font) -> Vec<String> {
    let text = match (one_line(&chart.sop_id), one_line(&chart.title)) {
        (id, title) if id.is_empty() && title.is_empty() => "Flowchart".to_string(),
        (id, title) if id.is_empty() => title,
        (id, title) if title.is_empty() => id,
        (id, title) => format!("{id} — {title}"),
    };
    let width = (content_right - MARGIN).max(72.0 * HEADING_FONT * 0.6);
    font.wrap(&text, width, HEADING_FONT, 72)
}

/// The lanes' columns with their headers, all headers as tall as the
/// tallest; the columns' heights are set once the chart's is known.
fn lane_boxes(columns: &[Column], specs: &[LaneSpec], top: f64, font: Font) -> Vec<LaneBox> {
    let mut lanes: Vec<LaneBox> = columns
        .iter()
        .zip(specs)
        .map(|(column, spec)| {
            let description = spec
                .description
                .as_deref()
                .map(|text| font.wrap(&one_line(text), column.w - 20.0, CAPTION_FONT, 10))
                .unwrap_or_default();
            LaneBox {
                title: spec.title.clone(),
                header: 14.0 + LINE + description.len() as f64 * CAPTION_LINE + 8.0,
                description,
                column: Rect {
                    x: column.x,
                    y: top,
                    w: column.w,
                    h: 0.0,
                },
            }
        })
        .collect();
    let header = lanes.iter().map(|lane| lane.header).fold(0.0, f64::max);
    for lane in &mut lanes {
        lane.header = header;
    }
    lanes
}

/// Without lanes, moves everything so the leftmost box or channel starts at
/// the margin.
fn shift_to_margin(layers: &mut Layers, loops: &mut [Loop]) {
    let nodes = (0..layers.x.len()).map(|node| layers.x[node] - layers.extent[node][0]);
    let channels = loops.iter().map(|lp| lp.channel - 8.0);
    let left = nodes.chain(channels).fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        let shift = MARGIN - left;
        layers.x.iter_mut().for_each(|x| *x += shift);
        loops.iter_mut().for_each(|lp| lp.channel += shift);
    }
}

/// The rightmost thing drawn without lanes: boxes, channels, self-loops.
fn right_edge(layers: &Layers, loops: &[Loop], plans: &[Option<Plan>]) -> f64 {
    let nodes = (0..layers.x.len()).map(|node| layers.x[node] + layers.extent[node][1]);
    let channels = loops.iter().map(|lp| lp.channel + 8.0);
    let points = plans
        .iter()
        .flatten()
        .flat_map(|plan| plan.points.iter().map(|w| w.x + 8.0));
    let labels = plans
        .iter()
        .flatten()
        .filter_map(|plan| plan.label.as_ref())
        .map(|label| label.x + label.text.w);
    nodes
        .chain(channels)
        .chain(points)
        .chain(labels)
        .fold(MARGIN, f64::max)
}
