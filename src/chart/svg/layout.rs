//! The layout: everything placed, then the heights of ranks and gaps.

use super::*;

/// Where everything goes.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) heading: Vec<String>,
    /// Empty without lanes.
    pub(super) lanes: Vec<LaneBox>,
    pub(super) nodes: Vec<Placed>,
    /// One per chart edge; `None` for an edge whose ends are not nodes.
    pub(super) edges: Vec<Option<Route>>,
}

#[derive(Debug)]
pub(super) struct LaneBox {
    pub(super) title: String,
    pub(super) description: Vec<String>,
    pub(super) column: Rect,
    pub(super) header: f64,
}

#[derive(Debug)]
pub(super) struct Placed {
    pub(super) content: Content,
    pub(super) center: Point,
    /// Its lane, and the room kept free beside the shape, left and right
    /// (labels, self-loop): what the tests check the placement against.
    #[cfg(test)]
    pub(super) lane: usize,
    #[cfg(test)]
    pub(super) reserve: [f64; 2],
}

impl Placed {
    pub(super) fn shape(&self) -> Rect {
        Rect::centered(self.center, self.content.w, self.content.h)
    }

    /// The shape with the room kept beside it: what must not overlap.
    #[cfg(test)]
    pub(super) fn outer(&self) -> Rect {
        let shape = self.shape();
        let [left, right] = self.reserve;
        Rect {
            x: shape.x - left,
            w: shape.w + left + right,
            ..shape
        }
    }
}

#[derive(Debug)]
pub(super) struct Route {
    pub(super) points: Vec<Point>,
    pub(super) label: Option<(LabelText, Rect)>,
    pub(super) kind: Course,
}

/// Lays out a chart: ranks, order and x positions first, then ports and
/// routes, then the heights of ranks and of the gaps between them.
pub(super) fn layout(chart: &Chart, options: &Options) -> Layout {
    let mut placement = place(chart, options);
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
    let ports = choose_ports(&scene, courses, loops, sides);
    let (plans, mut jogs) = plan_routes(&scene, courses, chains, loops, &ports);
    let tracks = assign_tracks(&mut jogs, layers.order.len());

    let content_right = columns.last().map_or_else(
        || right_edge(layers, loops, &plans),
        |column| column.x + column.w,
    );
    let heading = heading(chart, content_right);
    let width = (content_right + MARGIN).max(widest(&heading, HEADING_FONT) * 1.1 + 2.0 * MARGIN);
    let lanes_top = MARGIN + heading.len() as f64 * HEADING_LINE + 12.0;
    let mut lanes = lane_boxes(columns, specs, lanes_top);
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
        .map(|(node, content)| Placed {
            center: Point {
                x: layers.x[node],
                y: level(Level::Node(node, 0.0)),
            },
            content: content.clone(),
            #[cfg(test)]
            lane: layers.lane[node],
            #[cfg(test)]
            reserve: placement.reserve[node],
        })
        .collect();
    Layout {
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
pub(super) struct Placement {
    pub(super) contents: Vec<Content>,
    pub(super) courses: Vec<Course>,
    pub(super) labels: Vec<Option<LabelText>>,
    pub(super) specs: Vec<LaneSpec>,
    pub(super) layers: Layers,
    /// The nodes each downward edge passes (empty for the others).
    pub(super) chains: Vec<Vec<usize>>,
    pub(super) loops: Vec<Loop>,
    /// The side corner each decision branch leaves from.
    pub(super) sides: Vec<Option<Side>>,
    #[cfg(test)]
    pub(super) reserve: Vec<[f64; 2]>,
    /// Lane columns; empty without lanes.
    pub(super) columns: Vec<Column>,
}

/// Ranks, bends, order, sides and x positions (in lanes or not).
pub(super) fn place(chart: &Chart, options: &Options) -> Placement {
    let contents: Vec<Content> = chart.nodes.iter().map(measure).collect();
    let shape = Shape::of(chart);
    let courses = courses(&shape);
    let labels: Vec<Option<LabelText>> = chart
        .edges
        .iter()
        .map(|edge| edge.label.as_deref().and_then(label_text))
        .collect();
    let (specs, lanes) = assign_lanes(chart, options.lanes);
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
        #[cfg(test)]
        reserve,
        columns,
    }
}

/// "<id> — <title>", wrapped to the chart's width (or a readable line).
pub(super) fn heading(chart: &Chart, content_right: f64) -> Vec<String> {
    let text = match (one_line(&chart.sop_id), one_line(&chart.title)) {
        (id, title) if id.is_empty() && title.is_empty() => "Flowchart".to_string(),
        (id, title) if id.is_empty() => title,
        (id, title) if title.is_empty() => id,
        (id, title) => format!("{id} — {title}"),
    };
    let columns = ((content_right - MARGIN) / (HEADING_FONT * 0.6)).max(72.0) as usize;
    wrap(&text, columns)
}

/// The lanes' columns with their headers, all headers as tall as the
/// tallest; the columns' heights are set once the chart's is known.
pub(super) fn lane_boxes(columns: &[Column], specs: &[LaneSpec], top: f64) -> Vec<LaneBox> {
    let mut lanes: Vec<LaneBox> = columns
        .iter()
        .zip(specs)
        .map(|(column, spec)| {
            let room = ((column.w - 20.0) / (CAPTION_FONT * 0.6)).max(10.0) as usize;
            let description = spec
                .description
                .as_deref()
                .map(|text| wrap(&one_line(text), room))
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

/// The heights of ranks (their tallest node) and of the gaps below them:
/// room for labels hanging below a decision, one track per overlapping
/// horizontal run, and the arrowheads.
pub(super) struct Bands {
    pub(super) top: Vec<f64>,
    pub(super) height: Vec<f64>,
    /// Room below a rank for labels hanging from its decisions.
    pub(super) hang: Vec<f64>,
    /// The lowest rank's bottom.
    pub(super) bottom: f64,
}

impl Bands {
    pub(super) fn new(
        layers: &Layers,
        contents: &[Content],
        plans: &[Option<Plan>],
        tracks: &[usize],
        first: f64,
    ) -> Bands {
        let rows = layers.order.len();
        let mut height = vec![0.0_f64; rows];
        for (node, content) in contents.iter().enumerate() {
            let row = layers.rank[node];
            height[row] = height[row].max(content.h);
        }
        let mut hang = vec![0.0_f64; rows];
        for label in plans
            .iter()
            .flatten()
            .filter_map(|plan| plan.label.as_ref())
        {
            if let (Some(node), Level::Node(_, top)) = (label.below, label.top) {
                let row = layers.rank[node];
                hang[row] = hang[row].max(top + label.text.h + 6.0 - height[row] / 2.0);
            }
        }
        let mut top = Vec::with_capacity(rows);
        let mut y = first;
        for row in 0..rows {
            top.push(y);
            let tracks = tracks.get(row).copied().unwrap_or(0).max(1) as f64;
            y += height[row] + EXIT + hang[row] + tracks * TRACK + ARRIVE;
        }
        Bands {
            top,
            height,
            hang,
            bottom: y - EXIT - TRACK - ARRIVE,
        }
    }

    /// The y of a level: a node's middle is its rank's middle.
    pub(super) fn y(&self, layers: &Layers, jogs: &[Jog], level: Level) -> f64 {
        match level {
            Level::Node(node, dy) => {
                let row = layers.rank[node];
                self.top[row] + self.height[row] / 2.0 + dy
            }
            Level::Track(jog) => {
                let Jog { row, track, .. } = jogs[jog];
                let below = self.top[row] + self.height[row] + EXIT + self.hang[row];
                below + (track as f64 + 0.5) * TRACK
            }
        }
    }
}

/// Without lanes, moves everything so the leftmost box or channel starts at
/// the margin.
pub(super) fn shift_to_margin(layers: &mut Layers, loops: &mut [Loop]) {
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
pub(super) fn right_edge(layers: &Layers, loops: &[Loop], plans: &[Option<Plan>]) -> f64 {
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
