// The guide panel's styles, inside its closed shadow root: nothing leaks into the console, and the
// console's styles do not reach in.
export const GUIDE_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.panel { position: fixed; z-index: 2147483647; font: 14px/1.4 system-ui, sans-serif; width: 340px; max-width: calc(100vw - 16px);
  max-height: calc(100vh - 16px); overflow: auto; background: #fff; color: #1b1b1b; border: 1px solid #8a8a8a; border-radius: 8px;
  padding: 10px 14px 12px; box-shadow: 0 4px 18px rgb(0 0 0 / 0.25); }
.panel.unplaced { visibility: hidden; }
.panel.bar { width: auto; max-width: 360px; padding: 6px 8px; }
header { display: flex; justify-content: space-between; align-items: center; gap: 6px; }
h2 { font-size: 15px; margin: 0; flex: 1; }
.bar h2 { font-size: 13px; font-weight: 600; }
.tools { display: flex; gap: 2px; }
.tools button { border: 1px solid transparent; background: none; font: inherit; font-size: 16px; line-height: 1; cursor: pointer; color: #333;
  min-width: 28px; min-height: 28px; border-radius: 4px; }
.tools button:hover { background: #eee; }
.tools .move { cursor: move; touch-action: none; }
.progress { color: #444; margin: 8px 0 4px; font-weight: 600; }
.say { margin: 4px 0; }
.why { margin: 4px 0; color: #3d3d3d; font-size: 13px; }
.hint { margin: 4px 0; color: #5c4500; font-size: 13px; }
.problem { margin: 6px 0; color: #7a1515; background: #fdecec; padding: 6px 8px; border-radius: 4px; }
.ok { margin: 6px 0; color: #145224; background: #e8f5ec; padding: 6px 8px; border-radius: 4px; }
.said { margin: 6px 0; color: #1b1b1b; background: #eef3fa; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.actions { display: flex; gap: 6px; margin-top: 8px; flex-wrap: wrap; }
.actions button { border: 1px solid #6b6b6b; background: #f4f4f4; color: #1b1b1b; border-radius: 4px; padding: 5px 9px; cursor: pointer; font: inherit; }
.actions.column { flex-direction: column; }
.bar header > button.primary { border: 1px solid #0b5cad; border-radius: 4px; padding: 4px 8px; cursor: pointer; font: inherit; font-size: 13px; }
button.primary { background: #0b5cad; color: #fff; border-color: #0b5cad; }
button:focus-visible { outline: 3px solid #b86e00; outline-offset: 1px; }
.panel:focus { outline: none; }
.panel:focus-visible { outline: 3px solid #b86e00; outline-offset: 2px; }
.highlight { position: fixed; z-index: 2147483646; pointer-events: none; border: 3px solid #f5a300; border-radius: 6px; box-shadow: 0 0 0 4px rgb(245 163 0 / 0.3); }
`;
