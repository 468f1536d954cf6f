//! Generated monorepos for the throughput bench (`benches/throughput.rs`) and the pre-scan
//! equivalence test (`tests/prescan.rs`): service directories with variables, tfvars, an IAM
//! policy and outputs, some of which call a shared scheduled-job module (some with a mistake),
//! the rest ordinary infrastructure, as a monorepo has.

#![allow(clippy::unwrap_used, reason = "a generator for tests and benches fails loudly")]

use std::path::Path;

/// What the generated tree holds.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Service directories (roots), five files each.
    pub dirs: usize,
    /// One root in `job_every` calls the job module.
    pub job_every: usize,
    /// One root in `bucket_every` (among those without a job) calls a shared module that holds no job.
    pub bucket_every: Option<usize>,
    /// One root in `lambda_every` (among those without a job) runs a Lambda function on a schedule:
    /// an event rule and target that are not an ECS job.
    pub lambda_every: Option<usize>,
    /// One root in `registry_every` (among those without a job) calls the job module as a registry
    /// module installed under `.terraform/modules`.
    pub registry_every: Option<usize>,
    /// How many copies of the ordinary infrastructure (bucket, security group, service) and of the
    /// IAM policy a root without a job holds: real files average ~3 KB, the original tree's 0.25 KB.
    pub copies: usize,
}

impl Shape {
    /// The bench's original tree: a job in one root of five.
    pub const JOB_IN_FIVE: Shape =
        Shape { dirs: 600, job_every: 5, bucket_every: None, lambda_every: None, registry_every: None, copies: 1 };
    /// A monorepo that is mostly not jobs: a job in one root of 23 (some with a wrong size or
    /// schedule) or a registry-installed job module (4.8 % of the roots in all), shared non-job
    /// modules, and scheduled Lambdas (event rules that are not jobs) here and there; eight
    /// copies of the ordinary infrastructure per root.
    pub const MOSTLY_NOT_JOBS: Shape =
        Shape { dirs: 600, job_every: 23, bucket_every: Some(3), lambda_every: Some(50), registry_every: Some(199), copies: 8 };
}

const JOB: &str = include_str!("../../testdata/rules/JC301/fail_module_argument/job/main.tf");

/// Writes the tree under `root` (replacing it); returns (files, bytes).
pub fn generate(root: &Path, shape: &Shape) -> (usize, u64) {
    let _ = std::fs::remove_dir_all(root);
    let (mut files, mut bytes) = (0usize, 0u64);
    let mut write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        files += 1;
        bytes += text.len() as u64;
    };
    write(&root.join("modules/job/main.tf"), JOB);
    if shape.bucket_every.is_some() {
        write(&root.join("modules/bucket/main.tf"), BUCKET);
    }
    let sizes = [(256, 512), (512, 1024), (1024, 2048), (2048, 4096), (4096, 8192)];
    for i in 0..shape.dirs {
        let d = root.join(format!("services/svc-{i:04}"));
        let (cpu, mem) = sizes[i % sizes.len()];
        let mem = if i % 10 == 7 { mem * 3 } else { mem };
        let sched = if i % 10 == 3 { "cron(0 3 * * 1-5)".to_string() } else { format!("cron({} {} ? * MON-FRI *)", i % 60, i % 24) };
        let every = |n: Option<usize>| n.is_some_and(|n| i % n == 1);
        let main = if i % shape.job_every == 0 {
            format!(
                "module \"job\" {{\n  source = \"../../modules/job\"\n  name   = var.name\n  schedule = var.schedule\n  cpu    = {cpu}\n  memory = {mem}\n  subnet_ids = var.subnets\n}}\n\n{}",
                locals(i)
            )
        } else if every(shape.registry_every) {
            write(&d.join(".terraform/modules/job/main.tf"), JOB);
            write(
                &d.join(".terraform/modules/modules.json"),
                "{\"Modules\":[{\"Key\":\"\",\"Source\":\"\",\"Dir\":\".\"},{\"Key\":\"job\",\"Source\":\"registry.terraform.io/acme/job/aws\",\"Version\":\"1.0.0\",\"Dir\":\".terraform/modules/job\"}]}\n",
            );
            format!(
                "module \"job\" {{\n  source  = \"acme/job/aws\"\n  version = \"1.0.0\"\n  name    = var.name\n  cpu     = {cpu}\n  memory  = {mem}\n}}\n\n{}",
                locals(i)
            )
        } else {
            // Most of a monorepo is not scheduled jobs: buckets, security groups, services.
            let mut s = locals(i);
            for k in 0..shape.copies {
                s.push('\n');
                s.push_str(&copy(OTHER, k).replace("DESIRED", &(i % 4 + 1).to_string()));
            }
            if every(shape.bucket_every) {
                s.push_str("\nmodule \"archive\" {\n  source = \"../../modules/bucket\"\n  name   = \"${var.name}-archive\"\n}\n");
            }
            if every(shape.lambda_every) {
                s.push_str(LAMBDA);
            }
            s
        };
        let contents = [
            ("main.tf", main),
            ("variables.tf", VARIABLES.to_string()),
            ("terraform.tfvars", format!("name     = \"svc-{i:04}\"\nschedule = \"{sched}\"\n")),
            (
                "iam.tf",
                (0..if i % shape.job_every == 0 { 1 } else { shape.copies })
                    .map(|k| copy(&format!(
                    "data \"aws_iam_policy_document\" \"reader\" {{\n  statement {{\n    actions   = [\"s3:GetObject\", \"s3:ListBucket\"]\n    resources = [\"arn:aws:s3:::bucket-{i}\", \"arn:aws:s3:::bucket-{i}/*\"]\n  }}\n}}\n\nresource \"aws_iam_policy\" \"reader\" {{\n  name   = \"svc-{i:04}-reader\"\n  policy = data.aws_iam_policy_document.reader.json\n}}\n"
                ), k))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ("outputs.tf", "output \"tags\" {\n  value = local.tags\n}\n\noutput \"names\" {\n  value = local.names\n}\n".to_string()),
        ];
        for (name, text) in contents {
            write(&d.join(name), &text);
        }
    }
    (files, bytes)
}

/// The `k`-th copy of a block of resources: every resource and data source name gets a suffix.
fn copy(text: &str, k: usize) -> String {
    if k == 0 {
        return text.to_string();
    }
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let decl = line.starts_with("resource \"") || line.starts_with("data \"");
        match line.rsplit_once("\" {") {
            Some((head, tail)) if decl => out.push_str(&[head, "_", &k.to_string(), "\" {", tail].concat()),
            _ => out.push_str(&line.replace(".reader.", &format!(".reader_{k}.")).replace("-reader\"", &format!("-reader-{k}\""))),
        }
    }
    out
}

fn locals(i: usize) -> String {
    format!(
        "locals {{\n  tags = merge(var.tags, {{ service = var.name, index = \"{i}\" }})\n  names = [for n in range(3) : \"${{var.name}}-${{n}}\"]\n}}\n"
    )
}

const OTHER: &str = "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"${var.name}-data\"\n  tags   = local.tags\n}\n\nresource \"aws_security_group\" \"svc\" {\n  name = var.name\n  dynamic \"ingress\" {\n    for_each = [80, 443]\n    content {\n      from_port   = ingress.value\n      to_port     = ingress.value\n      protocol    = \"tcp\"\n      cidr_blocks = [\"10.0.0.0/8\"]\n    }\n  }\n}\n\nresource \"aws_ecs_service\" \"svc\" {\n  name          = var.name\n  cluster       = \"main\"\n  desired_count = DESIRED\n  launch_type   = \"FARGATE\"\n}\n";

const VARIABLES: &str = "variable \"name\" {\n  type = string\n}\n\nvariable \"schedule\" {\n  type = string\n}\n\nvariable \"subnets\" {\n  type    = list(string)\n  default = [\"subnet-0a1b2c3d4e5f60718\"]\n}\n\nvariable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n";

const BUCKET: &str = "variable \"name\" {\n  type = string\n}\n\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\n\nresource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\noutput \"arn\" {\n  value = aws_s3_bucket.this.arn\n}\n";

const LAMBDA: &str = "\nresource \"aws_lambda_function\" \"sweep\" {\n  function_name = \"${var.name}-sweep\"\n  role          = \"arn:aws:iam::123456789012:role/lambda\"\n  handler       = \"index.handler\"\n  runtime       = \"python3.12\"\n  filename      = \"sweep.zip\"\n}\n\nresource \"aws_cloudwatch_event_rule\" \"sweep\" {\n  name                = \"${var.name}-sweep\"\n  schedule_expression = var.schedule\n}\n\nresource \"aws_cloudwatch_event_target\" \"sweep\" {\n  rule = aws_cloudwatch_event_rule.sweep.name\n  arn  = aws_lambda_function.sweep.arn\n}\n";
