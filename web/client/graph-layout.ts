import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Dependencies, EdgeKind } from '../../analyzer/model/manifest.js';

/** A placed package of the dependency graph. */
export interface GraphNodeBox {
  name: string;
  version?: string;
  licence?: string;
  /** Bytes the package puts in the image. */
  bytes: number;
  buildOnly: boolean;
  root: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A routed edge: its kind and the polyline ELK drew for it. */
export interface GraphEdgeLine {
  from: string;
  to: string;
  kind: EdgeKind;
  /** tcbscope added the edge itself; no metadata states it (drawn dashed). */
  inferred: boolean;
  points: { x: number; y: number }[];
}

/** The laid-out graph, in pixels. */
export interface GraphLayout {
  nodes: GraphNodeBox[];
  edges: GraphEdgeLine[];
  width: number;
  height: number;
}

/** Options of {@link layoutDependencyGraph}. */
export interface GraphLayoutOptions {
  /** Include packages needed only to build (compiler, dune, ppx); default true. */
  showBuildOnly?: boolean;
}

const HEIGHT = 26;
const MIN_WIDTH = 70;
const EXTRA_WIDTH = 150;

/**
 * Lays out the dependency graph with ELK's layered algorithm (roots on the left, dependencies to their right: long lists of packages stack up and scroll),
 * each node as wide as its name needs and wider the more bytes it puts in the image (square-root
 * scale, so a small package stays visible). Pure apart from ELK, which the caller passes in so
 * that Node tests and the browser use the same code.
 */
export async function layoutDependencyGraph(
  elk: ELK,
  deps: Dependencies,
  options: GraphLayoutOptions = {},
): Promise<GraphLayout> {
  const shown = deps.packages.filter((p) => options.showBuildOnly !== false || !p.buildOnly);
  const names = new Set(shown.map((p) => p.name));
  const roots = new Set(deps.roots);
  const maxBytes = Math.max(1, ...shown.map((p) => p.fileSize));
  const sorted = [...shown].sort((a, b) => (a.name < b.name ? -1 : 1));
  const edges = deps.edges
    .filter((e) => names.has(e.from) && names.has(e.to) && e.from !== e.to)
    .sort((a, b) => (a.from + a.to + a.kind < b.from + b.to + b.kind ? -1 : 1));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '8',
      // The same input gives the same picture.
      'elk.randomSeed': '1',
    },
    children: sorted.map((p) => ({
      id: p.name,
      width: Math.max(MIN_WIDTH, p.name.length * 6.6 + 12) + EXTRA_WIDTH * Math.sqrt(p.fileSize / maxBytes),
      height: HEIGHT,
    })),
    edges: edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  const out = await elk.layout(graph);
  const byName = new Map(shown.map((p) => [p.name, p]));
  const nodes = (out.children ?? []).map((n): GraphNodeBox => {
    const p = byName.get(n.id);
    if (!p) throw new Error(`ELK returned an unknown node ${n.id}`);
    const box: GraphNodeBox = {
      name: p.name,
      bytes: p.fileSize,
      buildOnly: p.buildOnly,
      root: roots.has(p.name),
      x: n.x ?? 0,
      y: n.y ?? 0,
      width: n.width ?? 0,
      height: n.height ?? 0,
    };
    if (p.version !== undefined) box.version = p.version;
    if (p.licence !== undefined) box.licence = p.licence;
    return box;
  });
  const byId = new Map(edges.map((e, i) => [`e${i}`, e]));
  const lines = (out.edges ?? []).map((e): GraphEdgeLine => {
    const edge = byId.get(e.id);
    if (!edge) throw new Error(`ELK returned an unknown edge ${e.id}`);
    const section = (e as ElkExtendedEdge).sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      inferred: edge.inferred === true,
      points: points.map((p) => ({ x: p.x, y: p.y })),
    };
  });
  return { nodes, edges: lines, width: out.width ?? 0, height: out.height ?? 0 };
}
