/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createEngineApi } from './engine-api.ts';

Comlink.expose(createEngineApi('worker'), self);
