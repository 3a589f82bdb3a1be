import { PRESETS } from '../../lib/presets';

export function presetsCommand(json: boolean): number {
  if (json) {
    console.log(JSON.stringify({ presets: PRESETS.map((p) => ({ id: p.id, title: p.title, paper: p.paper })) }));
  } else {
    for (const p of PRESETS) console.log(p.id);
  }
  return 0;
}
