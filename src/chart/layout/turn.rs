//! Left to right: the top-down layout of the chart with every shape and
//! label turned (width and height swapped), mirrored about the diagonal so
//! that ranks become columns and lanes rows, and its heading put back on
//! top. Mirroring keeps what the top-down layout ensures: boxes apart,
//! edges orthogonal and clear of boxes, labels off the boxes.

use super::*;

fn flip(point: Point) -> Point {
    Point {
        x: point.y,
        y: point.x,
    }
}

fn flip_rect(rect: Rect) -> Rect {
    Rect {
        x: rect.y,
        y: rect.x,
        w: rect.h,
        h: rect.w,
    }
}

pub(super) fn across(chart: &Chart, options: &Options) -> Layout {
    let turned = down(chart, options, true);
    let heading = heading(chart, turned.height - MARGIN, options.font);
    let below = below_heading(&heading) - below_heading(&[]);
    let place = |point: Point| {
        let point = flip(point);
        Point {
            y: point.y + below,
            ..point
        }
    };
    let place_rect = |rect: Rect| {
        let rect = flip_rect(rect);
        Rect {
            y: rect.y + below,
            ..rect
        }
    };
    let nodes = turned
        .nodes
        .into_iter()
        .map(|mut placed| {
            placed.content.turn();
            Placed {
                center: place(placed.center),
                outer: place_rect(placed.outer),
                ..placed
            }
        })
        .collect();
    let edges = turned
        .edges
        .into_iter()
        .map(|route| {
            route.map(|route| Route {
                points: route.points.into_iter().map(place).collect(),
                label: route.label.map(|(mut text, rect)| {
                    text.turn();
                    (text, place_rect(rect))
                }),
                kind: route.kind,
            })
        })
        .collect();
    let lanes = turned
        .lanes
        .into_iter()
        .map(|lane| LaneBox {
            column: place_rect(lane.column),
            ..lane
        })
        .collect();
    Layout {
        direction: Direction::LeftRight,
        width: turned
            .height
            .max(options.font.widest_bold(&heading, HEADING_FONT) + 2.0 * MARGIN),
        height: turned.width + below,
        heading,
        lanes,
        nodes,
        edges,
    }
}
