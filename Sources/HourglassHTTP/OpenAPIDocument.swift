/// The OpenAPI 3.1 document of the API, served at `/api/v1/openapi.json`.
///
/// Written by hand (swift-openapi-generator would add its generator to every build of the
/// daemon); `OpenAPIConformanceTests` checks answers of every documented operation against
/// it, successes and errors.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Hourglass HTTP API",
    "version": "1.0.0",
    "description": "See and steer a Hourglass scheduler: its jobs, their runs, the cluster's nodes. Reading needs a read or admin bearer token, changes an admin token (unless the server runs without tokens, on a loopback address only). Times are ISO-8601: jobs' times in the job's zone with its offset, others in UTC."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer"
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string",
                "enum": [
                  "invalid_parameter",
                  "unknown_parameter",
                  "unauthorized",
                  "forbidden",
                  "cross_site_request",
                  "job_not_found",
                  "run_not_found",
                  "store_not_found",
                  "conflict",
                  "invalid_state",
                  "invalid_argument",
                  "store_unavailable",
                  "internal",
                  "not_found",
                  "metrics_not_enabled"
                ],
                "description": "Stable: branch on it."
              },
              "message": {
                "type": "string",
                "description": "What went wrong and what to fix."
              }
            }
          }
        }
      },
      "Job": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "name",
          "store",
          "state",
          "paused",
          "schedule",
          "time_zone",
          "tags",
          "trigger",
          "options"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "store": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "scheduled",
              "paused",
              "unrunnable",
              "at start",
              "finished"
            ]
          },
          "paused": {
            "type": "boolean"
          },
          "schedule": {
            "type": "string",
            "description": "The trigger as text, e.g. `cron '0 3 * * *' in Europe/Berlin`."
          },
          "schedule_description": {
            "type": "string",
            "description": "A cron schedule in words, e.g. `At 03:00`."
          },
          "time_zone": {
            "type": "string",
            "description": "The zone the job's times are shown in."
          },
          "handler": {
            "type": "string"
          },
          "next_run_time": {
            "type": "string",
            "format": "date-time"
          },
          "next_run_times": {
            "type": "array",
            "items": {
              "type": "string",
              "format": "date-time"
            },
            "description": "Only for one job: its next fire times."
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "revision": {
            "type": "integer"
          },
          "trigger": {
            "type": "object",
            "description": "The trigger in its stored form (docs/TriggerFormat.md)."
          },
          "options": {
            "type": "object",
            "description": "The job's options that differ from the defaults."
          }
        }
      },
      "Run": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "job_id",
          "status",
          "scheduled_fire_time",
          "attempt",
          "node"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "A 64-bit number, as text."
          },
          "job_id": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "running",
              "success",
              "error",
              "missed",
              "timed_out",
              "abandoned",
              "cancelled",
              "skipped"
            ]
          },
          "scheduled_fire_time": {
            "type": "string",
            "format": "date-time"
          },
          "started_at": {
            "type": "string",
            "format": "date-time"
          },
          "finished_at": {
            "type": "string",
            "format": "date-time"
          },
          "duration_seconds": {
            "type": "number"
          },
          "attempt": {
            "type": "integer"
          },
          "node": {
            "type": "string"
          },
          "output": {
            "type": "string",
            "description": "One run only: the whole output or message it left."
          },
          "output_preview": {
            "type": "string",
            "description": "In lists: the first 200 characters of the output."
          }
        }
      },
      "Node": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "node",
          "alive",
          "alive_until",
          "last_heartbeat",
          "runs_in_flight",
          "this_node"
        ],
        "properties": {
          "node": {
            "type": "string"
          },
          "alive": {
            "type": "boolean"
          },
          "alive_until": {
            "type": "string",
            "format": "date-time"
          },
          "last_heartbeat": {
            "type": "string",
            "format": "date-time",
            "description": "alive_until minus this server's lease."
          },
          "runs_in_flight": {
            "type": "integer"
          },
          "this_node": {
            "type": "boolean"
          }
        }
      },
      "Scheduler": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "id",
          "state",
          "loop_alive",
          "stores",
          "now"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "running",
              "paused",
              "stopped"
            ]
          },
          "loop_alive": {
            "type": "boolean"
          },
          "last_loop_pass": {
            "type": "string",
            "format": "date-time"
          },
          "stores": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "now": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "Health": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "status",
          "checks"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "failing"
            ]
          },
          "checks": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "RunStarted": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "job_id",
          "status"
        ],
        "properties": {
          "job_id": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "started"
            ]
          }
        }
      },
      "JobPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "offset",
          "total"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Job"
            }
          },
          "limit": {
            "type": "integer"
          },
          "offset": {
            "type": "integer"
          },
          "next_offset": {
            "type": "integer",
            "description": "Where the next page starts; absent on the last page."
          },
          "total": {
            "type": "integer"
          }
        }
      },
      "RunPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "offset"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Run"
            }
          },
          "limit": {
            "type": "integer"
          },
          "offset": {
            "type": "integer"
          },
          "next_offset": {
            "type": "integer",
            "description": "Where the next page starts; absent on the last page."
          }
        }
      },
      "NodePage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "offset",
          "total"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Node"
            }
          },
          "limit": {
            "type": "integer"
          },
          "offset": {
            "type": "integer"
          },
          "next_offset": {
            "type": "integer",
            "description": "Where the next page starts; absent on the last page."
          },
          "total": {
            "type": "integer"
          }
        }
      }
    }
  },
  "paths": {
    "/health": {
      "get": {
        "summary": "Whether the scheduler's loop runs (no token).",
        "operationId": "health",
        "security": [],
        "responses": {
          "200": {
            "description": "The loop passed lately.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "The loop is stopped or stuck.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/ready": {
      "get": {
        "summary": "Whether the stores answer (no token).",
        "operationId": "ready",
        "security": [],
        "responses": {
          "200": {
            "description": "Every store answered.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "A store failed or did not answer in time.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "summary": "This document (no token).",
        "operationId": "openAPI",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/scheduler": {
      "get": {
        "summary": "The scheduler's state.",
        "operationId": "getScheduler",
        "security": [
          {
            "bearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "Its state.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Scheduler"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/nodes": {
      "get": {
        "summary": "The nodes that send heartbeats to a store.",
        "operationId": "listNodes",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The nodes, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/NodePage"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs": {
      "get": {
        "summary": "The jobs, filtered and paged.",
        "operationId": "listJobs",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "Only this store's jobs (default: every store).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "state",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "scheduled",
                "paused",
                "unrunnable",
                "at_start",
                "finished"
              ]
            }
          },
          {
            "name": "tag",
            "in": "query",
            "required": false,
            "description": "Only jobs with this tag; repeat for several (all must match).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "handler",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "description": "Items to skip.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of jobs, by next run time.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JobPage"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}": {
      "get": {
        "summary": "One job, with its next fire times.",
        "operationId": "getJob",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "next",
            "in": "query",
            "required": false,
            "description": "How many next fire times (0-100).",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 100,
              "default": 5
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The job.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "summary": "Removes a job (its history stays).",
        "operationId": "removeJob",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Removed."
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The token may only read, or the change comes from another site.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}/pause": {
      "post": {
        "summary": "Pauses a job.",
        "operationId": "pauseJob",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The job, paused.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The token may only read, or the change comes from another site.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "The job changed meanwhile, or cannot run here.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}/resume": {
      "post": {
        "summary": "Resumes a job from now.",
        "operationId": "resumeJob",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The job, resumed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The token may only read, or the change comes from another site.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "The job changed meanwhile, or cannot run here.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}/run": {
      "post": {
        "summary": "Starts a run now, besides the schedule.",
        "operationId": "runJobNow",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "202": {
            "description": "The run was started.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RunStarted"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The token may only read, or the change comes from another site.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "The job changed meanwhile, or cannot run here.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}/runs": {
      "get": {
        "summary": "A job's recorded runs, newest first.",
        "operationId": "listRuns",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "description": "Items to skip.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of runs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RunPage"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/jobs/{id}/runs/{run}": {
      "get": {
        "summary": "One run, with its whole output.",
        "operationId": "getRun",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The job id, percent-encoded.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "run",
            "in": "path",
            "required": true,
            "description": "The run id.",
            "schema": {
              "type": "string",
              "pattern": "^-?[0-9]+$"
            }
          },
          {
            "name": "store",
            "in": "query",
            "required": false,
            "description": "The job store (default: `default`).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The run.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Run"
                }
              }
            }
          },
          "400": {
            "description": "A parameter is unknown, repeated or has a bad value.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such job, run or store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The store failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics in the text format (a read token when tokens are set).",
        "operationId": "metrics",
        "security": [
          {
            "bearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The metrics.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "description": "No valid bearer token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The server exports no metrics (no registry given).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  }
}
"""#
}
