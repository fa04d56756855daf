import type { ServiceDefinition } from '../service';
import {
  deleteReservedConcurrencyConfig,
  getFunctionEventInvokeConfig,
  getReservedConcurrencyConfig,
  putReservedConcurrencyConfig,
  updateFunctionEventInvokeConfig,
} from './scf-config';
import { createFunction, deleteFunction, updateFunctionCode, updateFunctionConfiguration } from './scf-functions';
import { invoke } from './scf-invoke';
import { getFunction, getFunctionAddress, listFunctions } from './scf-read';
import { createTrigger, deleteTrigger, listTriggers, updateTrigger } from './scf-triggers';

/** SCF (Serverless Cloud Function), API version 2018-04-16: what a deployer, a preflight and self-invocation call. */
export const scfService: ServiceDefinition = {
  service: 'scf',
  version: '2018-04-16',
  // Functions are regional; the Chinese API docs mark Region as required.
  requiresRegion: true,
  actions: {
    CreateFunction: createFunction,
    CreateTrigger: createTrigger,
    DeleteFunction: deleteFunction,
    DeleteReservedConcurrencyConfig: deleteReservedConcurrencyConfig,
    DeleteTrigger: deleteTrigger,
    GetFunction: getFunction,
    GetFunctionAddress: getFunctionAddress,
    GetFunctionEventInvokeConfig: getFunctionEventInvokeConfig,
    GetReservedConcurrencyConfig: getReservedConcurrencyConfig,
    Invoke: invoke,
    ListFunctions: listFunctions,
    ListTriggers: listTriggers,
    PutReservedConcurrencyConfig: putReservedConcurrencyConfig,
    UpdateFunctionCode: updateFunctionCode,
    UpdateFunctionConfiguration: updateFunctionConfiguration,
    UpdateFunctionEventInvokeConfig: updateFunctionEventInvokeConfig,
    UpdateTrigger: updateTrigger,
  },
};
