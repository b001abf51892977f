//! Model -> Rust tokens, one submodule per kind of item; `emit` assembles the generated files.

mod api_methods;
mod by_name;
mod codes;
mod docs;
mod ids;
mod method;
mod objects;
mod request;
mod rust_types;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Model;
use crate::naming;
use crate::render::{self, GeneratedFile};

/// The client crate's feature that compiles the by-name calls the example CLI uses.
pub const CLI_FEATURE: &str = "cli";

/// `#[cfg(feature = "<family>")]`: what compiles a method's items only with its API family.
pub fn family_gate(method: &crate::model::Method) -> TokenStream {
    let family = &method.family;
    quote!(#[cfg(feature = #family)])
}

/// Where generated Rust goes, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated-client/src/generated";

/// One generated module: its file stem, how to emit it from the model, and the hash of the part
/// of the model it is emitted from.
struct Job<'m> {
    stem: String,
    emit: Box<dyn Fn() -> TokenStream + Send + Sync + 'm>,
    key: Box<dyn Fn() -> render::Key + Send + Sync + 'm>,
}

/// A generated file about to be rendered, as `emit_each` hands it over: the sink renders it, or
/// skips it when it knows the file for these inputs already.
pub struct Pending<'a> {
    /// Relative to the workspace root.
    pub path: PathBuf,
    /// The hash of everything the file is rendered from (its part of the model); the generator
    /// itself is not in it.
    pub key: render::Key,
    render: &'a (dyn Fn() -> Result<GeneratedFile, render::RenderError> + Sync),
}

impl Pending<'_> {
    /// Emits, parses and formats the file.
    pub fn render(&self) -> Result<GeneratedFile, render::RenderError> {
        (self.render)()
    }
}

/// Every generated Rust file of the client crate, in path order.
pub fn emit(model: &Model) -> Result<Vec<GeneratedFile>, render::RenderError> {
    let files = std::sync::Mutex::new(Vec::new());
    emit_each(model, &|pending| {
        let file = pending.render()?;
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok::<_, render::RenderError>(())
    })?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Hands every generated Rust file of the client crate to `sink`, to render (or skip), in no
/// particular order and from several threads, and stops at the first error.
///
/// Parsing and formatting dominate the run time (syn's parser above all), so modules are
/// emitted and rendered on all cores. Each worker builds its own tokens, because token streams
/// cannot cross threads. A file is dropped once `sink` has it (written it, or compared it), so
/// memory holds only the files being rendered.
pub fn emit_each<E>(
    model: &Model,
    sink: &(dyn Fn(Pending<'_>) -> Result<(), E> + Sync),
) -> Result<(), E>
where
    E: From<render::RenderError> + Send,
{
    // Each method is hashed once, by whichever worker asks first: for its own module, or for
    // the modules listing every method, whose key is the list of the methods' keys.
    let method_keys: Vec<std::sync::OnceLock<render::Key>> = model
        .methods
        .iter()
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let method_key =
        |index: usize| *method_keys[index].get_or_init(|| render::key_of(&model.methods[index]));
    let methods_once = std::sync::OnceLock::new();
    let methods_key = || {
        *methods_once.get_or_init(|| {
            let keys: Vec<render::Key> = (0..model.methods.len()).map(method_key).collect();
            render::key_of(&keys)
        })
    };
    let whole_api: Vec<Job<'_>> = vec![
        job(
            naming::IDS_MODULE,
            move || ids::ids_module(&model.ids, &model.words),
            move || render::key_of(&(&model.ids, &model.words)),
        ),
        job(
            naming::TYPES_MODULE,
            move || objects::objects_module(&model.objects),
            move || render::key_of(&model.objects),
        ),
        job(
            naming::BY_NAME_MODULE,
            move || by_name::by_name_module(&model.methods),
            methods_key,
        ),
        job(
            naming::SHARED_CODES_MODULE,
            move || codes::shared_codes_module(&model.shared_codes),
            move || render::key_of(&model.shared_codes),
        ),
        job(
            naming::ROOT_MODULE,
            move || root_module(model),
            move || {
                let ids = render::key_of(&(&model.ids, &model.words));
                let objects = render::key_of(&model.objects);
                render::key_of(&(methods_key(), ids, objects))
            },
        ),
    ];
    let per_method: Vec<Job<'_>> = model
        .methods
        .iter()
        .enumerate()
        .flat_map(|(index, method)| {
            [
                job(
                    &method.snake,
                    move || {
                        let mut tokens = method::method_module(method);
                        tokens.extend(api_methods::client_impl(method));
                        tokens.extend(cli_declaration());
                        tokens
                    },
                    move || method_key(index),
                ),
                job(
                    &format!("{}/{}", method.snake, naming::CLI_SUBMODULE),
                    move || by_name::cli_module(method),
                    move || method_key(index),
                ),
            ]
        })
        .collect();
    render_all(&whole_api, &per_method, sink)
}

/// `mod cli;` at the end of a method's module: its by-name items, only with the `cli` feature.
fn cli_declaration() -> TokenStream {
    let cli = CLI_FEATURE;
    let module = format_ident!("{}", naming::CLI_SUBMODULE);
    quote! {
        #[cfg(feature = #cli)]
        pub(crate) mod #module;
    }
}

fn job<'m>(
    stem: &str,
    emit: impl Fn() -> TokenStream + Send + Sync + 'm,
    key: impl Fn() -> render::Key + Send + Sync + 'm,
) -> Job<'m> {
    Job {
        stem: stem.to_owned(),
        emit: Box::new(emit),
        key: Box::new(key),
    }
}

/// Runs the jobs on up to one thread per core. Of the modules that cover the whole API, the
/// by-name tables and the re-exports hold one short line per method; everything else a method
/// needs is in its own module. One worker renders the whole-API modules one after another
/// while the others take method modules from a shared queue, which it joins when done, so no
/// core idles while work is left. After an error the other workers stop at their next job.
fn render_all<E>(
    whole_api: &[Job<'_>],
    per_method: &[Job<'_>],
    sink: &(dyn Fn(Pending<'_>) -> Result<(), E> + Sync),
) -> Result<(), E>
where
    E: From<render::RenderError> + Send,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(per_method.len() + 1);
    let failed = AtomicBool::new(false);
    let render = |job: &Job<'_>| {
        let path = PathBuf::from(GENERATED_DIR).join(format!("{}.rs", job.stem));
        let render = || render::rust_file(path.clone(), (job.emit)());
        let result = sink(Pending {
            key: (job.key)(),
            path: path.clone(),
            render: &render,
        });
        if result.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        result
    };
    let next = AtomicUsize::new(0);
    let queue = || std::iter::from_fn(|| per_method.get(next.fetch_add(1, Ordering::Relaxed)));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let own = if worker == 0 { whole_api } else { &[] };
                scope.spawn(|| {
                    own.iter()
                        .chain(queue())
                        .take_while(|_| !failed.load(Ordering::Relaxed))
                        .try_for_each(render)
                })
            })
            .collect();
        let mut outcome = Ok(());
        for handle in handles {
            // A panic in a worker is a generator bug; let it surface as one.
            let result = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if outcome.is_ok() {
                outcome = result;
            }
        }
        outcome
    })
}

/// `mod.rs`: declares the modules and re-exports every public item flat.
fn root_module(model: &Model) -> TokenStream {
    let method_modules = model.methods.iter().map(|method| {
        let module = format_ident!("{}", method.snake);
        let gate = family_gate(method);
        quote!(#gate mod #module;)
    });
    let method_items = model.methods.iter().map(|method| {
        let module = format_ident!("{}", method.snake);
        let gate = family_gate(method);
        let items = [
            &method.request,
            &method.response,
            &method.error,
            &method.warning,
        ]
        .map(|name| format_ident!("{name}"));
        quote!(#gate pub use #module::{#(#items),*};)
    });
    let ids = model
        .ids
        .iter()
        .map(|id| &id.ident)
        .chain(model.words.iter().map(|words| &words.ident))
        .map(|ident| format_ident!("{ident}"));

    let [by_name, ids_module, shared_codes, types] = [
        naming::BY_NAME_MODULE,
        naming::IDS_MODULE,
        naming::SHARED_CODES_MODULE,
        naming::TYPES_MODULE,
    ]
    .map(|name| format_ident!("{name}"));
    let uses = model.objects.iter().map(|object| {
        let name = format_ident!("{}", object.ident);
        let gate = objects::families_gate(&object.families);
        quote!(#gate pub use #types::#name;)
    });
    let cli = CLI_FEATURE;
    let [common_error, common_warning] =
        [naming::COMMON_ERROR, naming::COMMON_WARNING].map(|name| format_ident!("{name}"));
    quote! {
        //! Slack's Web API, generated from `spec/`: each method's request, response and typed
        //! codes, the IDs and object types they share, and (on [`Api`](crate::Api)) one async
        //! method per Web API method. Each method's items are compiled only with its API
        //! family's cargo feature.
        #[cfg(feature = #cli)]
        mod #by_name;
        mod #ids_module;
        pub mod #shared_codes;
        mod #types;
        #(#method_modules)*

        #[cfg(feature = #cli)]
        pub use #by_name::{METHOD_HELP, METHOD_NAMES, call_by_name};
        pub use #shared_codes::{#common_error, #common_warning};
        pub use #ids_module::{#(#ids),*};
        #(#uses)*
        #(#method_items)*
    }
}
