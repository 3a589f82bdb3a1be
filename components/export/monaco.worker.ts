// Monaco's editor worker (diffing, links, word ranges), bundled from node_modules with the app: no CDN.
import 'monaco-editor/editor/editor.worker';
