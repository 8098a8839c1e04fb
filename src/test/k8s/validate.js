#!/usr/bin/env node
// Renders and validates the Kubernetes manifests under k8s/ offline; KubernetesManifestsTest
// asserts on what it prints.
//
// - k8s/base is rendered the way `kustomize build` would (resources, configMapGenerator with the
//   content-hash name suffix and the references to it); YAML files in k8s/base that its
//   kustomization.yaml does not list are validated on their own and must be named *.example.yaml.
// - every YAML document under k8s/examples is validated as it is.
// - every k8s/overlays/NAME/kustomization.yaml is rendered too (namespace, images, replicas,
//   configMapGenerator with behavior merge/replace).
//
// Each object is checked against the kubernetes-models class of its apiVersion/kind: validate()
// runs that model's JSON schema, and a second pass walks the model's type declarations so that an
// unknown (for example misspelt) field is reported too, as the API server's strict field
// validation would.
//
// Prints one JSON document to stdout:
//   {"objects": [{kind, name, apiVersion, namespace, source}], "errors": [string],
//    "rendered": [object], "overlays": {NAME: {"objects": [...], "rendered": [...]}}}
// "objects" and "rendered" are index-aligned. The exit code is 0 even with errors: the Java test
// asserts on "errors".
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const K8S = path.join(ROOT, 'k8s');
const NODE_MODULES = path.join(__dirname, 'node_modules');

const errors = [];

function rel(file) {
  return path.relative(K8S, file).split(path.sep).join('/');
}

// ---------------------------------------------------------------- YAML

function readYamlDocuments(file) {
  const text = fs.readFileSync(file, 'utf8');
  const docs = YAML.parseAllDocuments(text);
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push(`${rel(file)}: YAML: ${e.message}`);
      continue;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    objects.push(value);
  }
  return objects;
}

function yamlFilesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

// ---------------------------------------------------------------- kustomize

const SUPPORTED_KUSTOMIZATION_KEYS = new Set([
  'apiVersion', 'kind', 'resources', 'namespace', 'images', 'replicas', 'configMapGenerator',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'PriorityClass', 'IngressClass',
]);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

// A render: the objects plus which of them are generated ConfigMaps (they get the hash suffix).
function renderKustomization(dir, usedFiles) {
  const file = path.join(dir, 'kustomization.yaml');
  const k = YAML.parse(fs.readFileSync(file, 'utf8')) || {};
  usedFiles.add(file);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_KUSTOMIZATION_KEYS.has(key)) {
      errors.push(`${rel(file)}: "${key}" is not rendered by validate.js; extend it before using this field`);
    }
  }
  let objects = [];
  const generated = new Set();
  for (const resource of k.resources || []) {
    const target = path.resolve(dir, resource);
    if (!fs.existsSync(target)) {
      errors.push(`${rel(file)}: resource ${resource} does not exist`);
    } else if (fs.statSync(target).isDirectory()) {
      const sub = renderKustomization(target, usedFiles);
      objects.push(...sub.objects);
      sub.generated.forEach((o) => generated.add(o));
    } else {
      usedFiles.add(target);
      objects.push(...readYamlDocuments(target));
    }
  }

  for (const gen of k.configMapGenerator || []) {
    const data = {};
    for (const spec of gen.files || []) {
      const eq = spec.indexOf('=');
      const key = eq >= 0 ? spec.slice(0, eq) : path.basename(spec);
      const source = path.resolve(dir, eq >= 0 ? spec.slice(eq + 1) : spec);
      if (!fs.existsSync(source)) {
        errors.push(`${rel(file)}: configMapGenerator ${gen.name}: file ${spec} does not exist`);
        continue;
      }
      usedFiles.add(source);
      data[key] = fs.readFileSync(source, 'utf8');
    }
    for (const literal of gen.literals || []) {
      const eq = literal.indexOf('=');
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    for (const key of Object.keys(gen)) {
      if (!['name', 'files', 'literals', 'behavior'].includes(key)) {
        errors.push(`${rel(file)}: configMapGenerator ${gen.name}: "${key}" is not rendered by validate.js`);
      }
    }
    const behavior = gen.behavior || 'create';
    const existing = objects.find((o) => generated.has(o) && o.metadata.name === gen.name);
    if (behavior === 'create') {
      if (existing) errors.push(`${rel(file)}: configMapGenerator ${gen.name} already exists; use behavior merge or replace`);
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data };
      objects.push(cm);
      generated.add(cm);
    } else if (!existing) {
      errors.push(`${rel(file)}: configMapGenerator ${gen.name} (${behavior}) has no generated ConfigMap to change`);
    } else if (behavior === 'merge') {
      existing.data = { ...existing.data, ...data };
    } else if (behavior === 'replace') {
      existing.data = data;
    } else {
      errors.push(`${rel(file)}: configMapGenerator ${gen.name}: unknown behavior ${behavior}`);
    }
  }

  if (k.namespace) {
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind)) o.metadata = { ...o.metadata, namespace: k.namespace };
    }
  }

  for (const image of k.images || []) {
    let matched = false;
    for (const o of objects) {
      for (const c of containersOf(o)) {
        if (imageName(c.image) === image.name) {
          matched = true;
          const name = image.newName || image.name;
          const tag = image.digest ? `@${image.digest}` : `:${image.newTag || imageTag(c.image) || 'latest'}`;
          c.image = name + tag;
        }
      }
    }
    if (!matched) errors.push(`${rel(file)}: images: no container uses image ${image.name}`);
  }

  for (const r of k.replicas || []) {
    const target = objects.filter((o) => WORKLOADS.has(o.kind) && o.metadata.name === r.name);
    if (target.length === 0) errors.push(`${rel(file)}: replicas: no workload named ${r.name}`);
    target.forEach((o) => { o.spec.replicas = r.count; });
  }
  return { objects, generated };
}

function podSpecOf(o) {
  if (o.kind === 'Pod') return o.spec;
  if (WORKLOADS.has(o.kind)) return o.spec && o.spec.template && o.spec.template.spec;
  if (o.kind === 'CronJob') return o.spec.jobTemplate.spec.template.spec;
  return undefined;
}

function containersOf(o) {
  const spec = podSpecOf(o);
  return spec ? [...(spec.containers || []), ...(spec.initContainers || [])] : [];
}

function imageName(image) {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function imageTag(image) {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

// Go's json.Marshal: map keys sorted, <, > and & escaped (kustomize hashes that encoding).
function goJson(value) {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value)
      .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${goJson(key)}:${goJson(value[key])}`).join(',')}}`;
}

// kustomize's ConfigMap name suffix: sha256 over {"data","kind","name"}, the first 10 hex digits
// with 0, 1, 3, a, e swapped for letters that cannot form words.
function kustomizeHash(cm) {
  const encoded = { kind: 'ConfigMap', name: cm.metadata.name, data: cm.data || {} };
  if (cm.immutable) encoded.immutable = true;
  const hex = crypto.createHash('sha256').update(goJson(encoded)).digest('hex');
  const swap = { 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((ch) => swap[ch] || ch).join('');
}

// Applies the hash suffix to generated ConfigMaps and to the references pods make to them.
function finishRender({ objects, generated }) {
  for (const cm of generated) {
    const original = cm.metadata.name;
    const named = `${original}-${kustomizeHash(cm)}`;
    cm.metadata.name = named;
    const ns = cm.metadata.namespace;
    for (const o of objects) {
      const spec = podSpecOf(o);
      if (!spec || (o.metadata.namespace || undefined) !== (ns || undefined)) continue;
      const rename = (ref) => { if (ref && ref.name === original) ref.name = named; };
      for (const v of spec.volumes || []) {
        rename(v.configMap);
        for (const s of (v.projected && v.projected.sources) || []) rename(s.configMap);
      }
      for (const c of [...(spec.containers || []), ...(spec.initContainers || [])]) {
        for (const e of c.env || []) rename(e.valueFrom && e.valueFrom.configMapKeyRef);
        for (const e of c.envFrom || []) rename(e.configMapRef);
      }
    }
  }
  const seen = new Set();
  for (const o of objects) {
    const id = `${o.kind}/${(o.metadata && o.metadata.namespace) || ''}/${o.metadata && o.metadata.name}`;
    if (seen.has(id)) errors.push(`duplicate object ${id}`);
    seen.add(id);
  }
  return objects;
}

// ---------------------------------------------------------------- validation

function modelPath(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  return `kubernetes-models/${group}/${kind}`;
}

function loadModel(apiVersion, kind) {
  const id = modelPath(apiVersion, kind);
  try {
    const file = require.resolve(id, { paths: [__dirname] });
    const Model = require(file)[kind];
    return Model ? { Model, dts: file.replace(/\.js$/, '.d.ts') } : undefined;
  } catch (e) {
    return undefined;
  }
}

// Type declarations: property name -> declared type, per interface file.
const declarations = new Map();

function declarationOf(dtsFile) {
  if (declarations.has(dtsFile)) return declarations.get(dtsFile);
  let result;
  if (fs.existsSync(dtsFile)) {
    const text = fs.readFileSync(dtsFile, 'utf8');
    const imports = {};
    for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports[m[1]] = m[2];
    const body = /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)\n\}$/m.exec(text);
    if (!body && /^export interface /m.test(text)) {
      throw new Error(`cannot read the interface in ${dtsFile}`);
    }
    if (body) {
      const props = {};
      for (const m of body[1].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) props[m[1]] = m[2];
      result = { props, imports, dir: path.dirname(dtsFile) };
    }
  }
  declarations.set(dtsFile, result);
  return result;
}

function resolveType(type, decl) {
  let t = type.trim();
  let array = false;
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) { array = true; t = arr[1]; }
  const spec = decl.imports[t];
  if (!spec) return { array, file: undefined }; // primitive, literal union, free-form map
  const file = spec.startsWith('.')
    ? path.resolve(decl.dir, `${spec}.d.ts`)
    : path.join(NODE_MODULES, `${spec}.d.ts`);
  return { array, file };
}

function checkUnknownFields(value, dtsFile, where, out) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const decl = declarationOf(dtsFile);
  if (!decl) return; // a leaf such as Quantity, IntOrString or Time
  for (const [key, child] of Object.entries(value)) {
    const type = decl.props[key];
    if (type === undefined) {
      out.push(`${where}/${key}: unknown field "${key}"`);
      continue;
    }
    const { array, file } = resolveType(type, decl);
    if (!file) continue;
    if (array && Array.isArray(child)) {
      child.forEach((item, i) => checkUnknownFields(item, file, `${where}/${key}/${i}`, out));
    } else if (!array) {
      checkUnknownFields(child, file, `${where}/${key}`, out);
    }
  }
}

function validateObject(o, source) {
  const label = `${source}: ${o && o.kind}/${o && o.metadata && o.metadata.name}`;
  if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind) {
    errors.push(`${label}: not a Kubernetes object (apiVersion and kind are required)`);
    return;
  }
  const model = loadModel(o.apiVersion, o.kind);
  if (!model) {
    errors.push(`${label}: kubernetes-models has no ${o.apiVersion} ${o.kind}`);
    return;
  }
  try {
    new model.Model(JSON.parse(JSON.stringify(o))).validate();
  } catch (e) {
    const details = Array.isArray(e.errors) && e.errors.length > 0
      ? e.errors.map((x) => `${x.instancePath || '/'} ${x.message}${x.params ? ' ' + JSON.stringify(x.params) : ''}`)
      : [e.message];
    details.forEach((d) => errors.push(`${label}: schema: ${d}`));
  }
  const unknown = [];
  if (!declarationOf(model.dts)) errors.push(`${label}: no type declarations for ${o.apiVersion} ${o.kind} (unknown fields unchecked)`);
  checkUnknownFields(o, model.dts, '', unknown);
  unknown.forEach((u) => errors.push(`${label}: ${u}`));
  if (!o.metadata || !o.metadata.name) errors.push(`${label}: metadata.name is missing`);
}

// ---------------------------------------------------------------- main

function describe(o, source) {
  return {
    kind: o.kind,
    name: o.metadata && o.metadata.name,
    apiVersion: o.apiVersion,
    namespace: (o.metadata && o.metadata.namespace) || null,
    source,
  };
}

function main() {
  const objects = [];
  const rendered = [];
  const add = (list, renderedList, o, source) => {
    validateObject(o, source);
    list.push(describe(o, source));
    renderedList.push(o);
  };

  const baseDir = path.join(K8S, 'base');
  if (!fs.existsSync(path.join(baseDir, 'kustomization.yaml'))) {
    errors.push('k8s/base/kustomization.yaml does not exist');
  } else {
    const used = new Set();
    const base = finishRender(renderKustomization(baseDir, used));
    base.forEach((o) => add(objects, rendered, o, 'base'));
    for (const file of yamlFilesUnder(baseDir)) {
      if (used.has(file)) continue;
      if (!file.endsWith('.example.yaml')) {
        errors.push(`${rel(file)} is not listed in base/kustomization.yaml resources (name it *.example.yaml if that is on purpose)`);
      }
      readYamlDocuments(file).forEach((o) => add(objects, rendered, o, rel(file)));
    }
  }

  for (const file of yamlFilesUnder(path.join(K8S, 'examples'))) {
    readYamlDocuments(file).forEach((o) => add(objects, rendered, o, rel(file)));
  }

  const overlays = {};
  const overlaysDir = path.join(K8S, 'overlays');
  if (fs.existsSync(overlaysDir)) {
    for (const entry of fs.readdirSync(overlaysDir, { withFileTypes: true })) {
      const dir = path.join(overlaysDir, entry.name);
      if (!entry.isDirectory() || !fs.existsSync(path.join(dir, 'kustomization.yaml'))) continue;
      const result = { objects: [], rendered: [] };
      finishRender(renderKustomization(dir, new Set()))
        .forEach((o) => add(result.objects, result.rendered, o, `overlays/${entry.name}`));
      overlays[entry.name] = result;
    }
  }

  process.stdout.write(JSON.stringify({ objects, errors, rendered, overlays }));
}

try {
  main();
} catch (e) {
  errors.push(`validate.js failed: ${e && e.stack ? e.stack : e}`);
  process.stdout.write(JSON.stringify({ objects: [], errors, rendered: [], overlays: {} }));
}
